import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RentalAccessInvitedV1, RentalShareLink } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { buildNotificationModules, type NotificationModules } from './index';
import { eventOf, FakeAccountDirectory, plain, RecordingSms, testDeps } from '../testing/fakes';
import type { RentalLinkClient } from './clients/inventory-rentals.client';
import { notificationTestDatabase } from '../testing/database';

const TABLES = ['delivery', 'outgoing'] as const;

/** Inventory's internal share-link answer, as the test sets it (the inventory client faked). */
class FakeInventory implements RentalLinkClient {
  readonly answers = new Map<string, RentalShareLink>();
  async rentalShareLink(reservationId: string): Promise<RentalShareLink> {
    const answer = this.answers.get(reservationId);
    if (!answer) throw new Error(`no rental ${reservationId}`);
    return answer;
  }
}

// The renter's car key SMS (inventory.rental_access.invited) carries Tesla's share link, fetched
// from inventory when it is sent. A booking moved to another car after the message was queued
// must not send the new car's link under the old car's name.
describe.each(TEST_ENGINES)(
  'the renter’s car key message on %s (account and inventory clients faked)',
  (engine) => {
    const testDb = notificationTestDatabase(engine, TABLES);
    const clock = { at: new Date('2026-12-01T15:00:00Z') };
    let directory: FakeAccountDirectory;
    let sms: RecordingSms;
    let inventory: FakeInventory;
    let m: NotificationModules;
    beforeEach(() => {
      directory = new FakeAccountDirectory();
      sms = new RecordingSms();
      inventory = new FakeInventory();
      m = buildNotificationModules({
        ...testDeps(testDb.db.kysely, { account: directory, clock, sms }),
        inventory,
      });
    });

    const invited = (customerId: string, vehicleId: string, vehicleName: string, reservationId: string) =>
      eventOf<RentalAccessInvitedV1>('inventory.rental_access.invited', reservationId, {
        reservationId,
        customerId,
        vehicleId,
        vehicleName,
        from: '2026-12-02T09:00:00Z',
        to: '2026-12-04T09:00:00Z',
        expiresAt: '2026-12-02T15:00:00Z',
      });
    const deliver = (event: ReturnType<typeof invited>) =>
      testDb.db.kysely.transaction().execute((trx) => m.events.handle(event, trx));
    const keyDeliveries = async () =>
      (await m.deps.repos.deliveries.list({ limit: 50 })).filter((d) => d.template === 'rental_access');

    it('sends the link of the car the message names', async () => {
      const renter = directory.add('customer');
      const reservationId = randomUUID();
      const car = randomUUID();
      inventory.answers.set(reservationId, {
        shareLink: 'https://www.tesla.com/_ak/abc123',
        expiresAt: '2026-12-02T15:00:00Z',
        vehicleId: car,
      });
      await deliver(invited(renter.contact.id, car, 'Midnight Model Y', reservationId));
      await m.dispatch.runOnce();
      // The SMS with the link, and the e-mail that sends the renter to the reservation page.
      expect(await m.sender.runOnce()).toMatchObject({ sent: 2, failed: 0 });
      expect(sms.sent).toHaveLength(1);
      expect(plain(sms.sent[0]?.body ?? '')).toContain('Midnight Model Y');
      expect(sms.sent[0]?.body).toContain('https://www.tesla.com/_ak/abc123');
    });

    it('does not send the new car’s link under the old car’s name after a move; the new car’s message goes', async () => {
      const renter = directory.add('customer');
      const reservationId = randomUUID();
      const oldCar = randomUUID();
      const newCar = randomUUID();
      await deliver(invited(renter.contact.id, oldCar, 'Midnight Model Y', reservationId));
      await m.dispatch.runOnce();
      // Before it went out, the booking moved and the new car's invitation was made.
      inventory.answers.set(reservationId, {
        shareLink: 'https://www.tesla.com/_ak/new-car',
        expiresAt: '2026-12-02T15:00:00Z',
        vehicleId: newCar,
      });
      await deliver(invited(renter.contact.id, newCar, 'Pearl Model 3', reservationId));
      await m.dispatch.runOnce();
      await m.sender.runOnce();
      expect(sms.sent).toHaveLength(1);
      expect(plain(sms.sent[0]?.body ?? '')).toContain('Pearl Model 3');
      expect(sms.sent[0]?.body).toContain('https://www.tesla.com/_ak/new-car');
      const moved = 'not sent: the booking moved to another car, whose key is sent in its own message';
      const states = (await keyDeliveries()).map((d) => `${d.channel} ${d.status}: ${d.lastError ?? ''}`);
      expect(states.sort()).toEqual(
        ['email sent: ', `email skipped: ${moved}`, 'sms sent: ', `sms skipped: ${moved}`].sort(),
      );
    });
  },
);
