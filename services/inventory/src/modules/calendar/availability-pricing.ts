import {
  VEHICLE_MODELS,
  type AvailabilityQuery,
  type AvailablePrice,
  type PricingClient,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { RuleViolationError, type ServiceContext } from '@cybertacotruck/platform';

/** Each model's price for one searched period, as the JSON an availability item carries. */
export interface PricedModels {
  /** False when the reservation service could not be asked: every price is then null. */
  priced: boolean;
  /** `price` of an item of this model: a JSON object, or `null`. */
  priceJson(model: VehicleModel): string;
}

const UNPRICED: PricedModels = { priced: false, priceJson: () => 'null' };

/** A zone this runtime knows (the reservation service counts rental days in it, with the same IANA data). */
const knownTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Prices an availability answer: one call to the reservation service (rates and rental days are
 * its rules) for every model the answer may hold, asked while the calendar is searched, so a
 * search costs no extra round trip and the browser asks no quote per car. When reservation does
 * not answer, the cars are still listed, unpriced (`priced: false`): free cars are inventory's
 * answer, prices a courtesy.
 */
export class AvailabilityPricing {
  constructor(
    private readonly client: PricingClient,
    private readonly logger: Pick<ServiceContext['logger'], 'warn'>,
  ) {}

  /** Throws a 400 for a time zone nobody knows; anything else failing means unpriced. */
  async prices(query: AvailabilityQuery): Promise<PricedModels> {
    if (query.timeZone !== undefined && !knownTimeZone(query.timeZone))
      throw new RuleViolationError(`${query.timeZone} is not a time zone we know.`, [
        {
          location: 'query',
          field: 'timeZone',
          message: 'timeZone must be an IANA time zone such as America/Chicago or Europe/Paris',
        },
      ]);
    const from = new Date(query.from);
    const to = new Date(query.to);
    // An impossible period is the search's 400 to give (CalendarService), not a price to ask.
    if (!(to.getTime() > from.getTime())) return UNPRICED;
    const models: VehicleModel[] = query.model ? [query.model] : [...VEHICLE_MODELS];
    try {
      const answer = await this.client.priceModels({
        from: from.toISOString(),
        to: to.toISOString(),
        models,
        ...(query.timeZone === undefined ? {} : { timeZone: query.timeZone }),
      });
      const json = new Map<VehicleModel, string>();
      for (const { model, price } of answer.items) json.set(model, price ? priceJson(price) : 'null');
      return { priced: true, priceJson: (model) => json.get(model) ?? 'null' };
    } catch (error) {
      this.logger.warn(
        { err: error },
        'availability answered without prices: the reservation service did not price it',
      );
      return UNPRICED;
    }
  }
}

/** The `AvailablePrice` schema's keys, in its order, and nothing else. */
const priceJson = (p: AvailablePrice): string =>
  JSON.stringify({
    days: p.days,
    dailyRateMinor: p.dailyRateMinor,
    subtotalMinor: p.subtotalMinor,
    depositMinor: p.depositMinor,
    totalDueMinor: p.totalDueMinor,
    currency: p.currency,
  });
