import type {
  AlertList,
  AlertListQuery,
  Delivery,
  DeliveryList,
  DeliveryListQuery,
  MyNotificationList,
  MyNotificationsQuery,
} from '@cybertacotruck/contracts';
import { ConflictError, NotFoundError, parseInstant, RuleViolationError } from '@cybertacotruck/platform';
import type { NotificationDeps } from '../../deps';
import type { DeliveryRecord } from './deliveries.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const presentDelivery = (d: DeliveryRecord): Delivery => ({
  id: d.id,
  eventId: d.eventId,
  userId: d.userId,
  template: d.template,
  kind: d.kind,
  channel: d.channel,
  recipient: d.recipient,
  language: d.language,
  subject: d.subject,
  body: d.body,
  status: d.status,
  attempts: d.attempts,
  providerMessageId: d.providerMessageId,
  lastError: d.lastError,
  notBefore: d.notBefore.toISOString(),
  createdAt: d.createdAt.toISOString(),
  sentAt: d.sentAt?.toISOString() ?? null,
});

const encodeCursor = (createdAt: Date, eventId: string) =>
  Buffer.from(`${createdAt.toISOString()}|${eventId}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; eventId: string } {
  const [at, eventId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // A forged cursor may hold any date JS parses (year -200000); only an instant the API takes goes on.
  const createdAt = parseInstant(at ?? '');
  if (!eventId || !UUID.test(eventId) || !createdAt)
    throw new RuleViolationError('The cursor is not one this API gave out.', [
      { location: 'query', field: 'cursor', message: 'cursor must be the nextCursor of a previous page' },
    ]);
  return { createdAt, eventId };
}

/** What the API shows of deliveries and alerts, and the operator's retry. */
export class DeliveriesService {
  constructor(private readonly deps: Pick<NotificationDeps, 'repos' | 'now'>) {}

  async list(query: DeliveryListQuery): Promise<DeliveryList> {
    const items = await this.deps.repos.deliveries.list({ ...query, limit: query.limit ?? 50 });
    return { items: items.map(presentDelivery) };
  }

  /** The customer's messages, one per event with each channel's status, newest first. */
  async mine(userId: string, query: MyNotificationsQuery): Promise<MyNotificationList> {
    const limit = query.limit ?? 20;
    const before = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const page = await this.deps.repos.deliveries.listForUser(userId, limit + 1, before);
    const items = page.slice(0, limit).flatMap((event) => {
      const first = event.deliveries[0];
      if (!first) return [];
      return [
        {
          id: event.eventId,
          template: first.template,
          kind: first.kind,
          subject: first.subject,
          text: first.summary,
          createdAt: event.createdAt.toISOString(),
          channels: event.deliveries.map((d) => ({ channel: d.channel, status: d.status })),
        },
      ];
    });
    const last = page[limit - 1];
    return {
      items,
      nextCursor: page.length > limit && last ? encodeCursor(last.createdAt, last.eventId) : null,
    };
  }

  /** A failed delivery goes out again (with a fresh set of attempts); anything else is a 409. */
  async retry(id: string): Promise<Delivery> {
    const requeued = await this.deps.repos.deliveries.requeueFailed(id, this.deps.now());
    if (requeued) return presentDelivery(requeued);
    const found = await this.deps.repos.deliveries.find(id);
    if (!found) throw new NotFoundError(`No delivery with id ${id}.`);
    throw new ConflictError(`Delivery ${id} is ${found.status}; only a failed delivery can be retried.`);
  }

  async alerts(query: AlertListQuery): Promise<AlertList> {
    const items = await this.deps.repos.alerts.list({ ...query, limit: query.limit ?? 50 });
    return {
      items: items.map((a) => ({
        id: a.id,
        reason: a.reason,
        reservationId: a.reservationId,
        vehicleId: a.vehicleId,
        vehicleName: a.vehicleName,
        batteryLevel: a.batteryLevel,
        pickupAt: a.startsAt.toISOString(),
        returnAt: a.endsAt.toISOString(),
        createdAt: a.createdAt.toISOString(),
      })),
    };
  }
}
