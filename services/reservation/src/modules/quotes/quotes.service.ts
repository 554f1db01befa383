import {
  ProblemTypes,
  type ModelPrices,
  type PriceModelsBody,
  type Quote,
  type QuoteQuery,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { ReservationDeps } from '../../deps';
import type { RatesService } from '../rates/rates.service';
import { requirePeriod, requireTimeZone, type Period, type PeriodRules } from './period';
import { rentalDays } from './rental-days';

/** Prices a period for a model: rental days in the customer's time zone × the model's daily rate. */
export class QuotesService {
  constructor(
    private readonly deps: Pick<ReservationDeps, 'calendar' | 'config' | 'now'>,
    private readonly rates: RatesService,
  ) {}

  get rules(): PeriodRules {
    return {
      minHours: this.deps.config.RESERVATION_MIN_HOURS,
      maxDays: this.deps.config.RESERVATION_MAX_DAYS,
    };
  }

  /** The requested zone, else the service's default (RESERVATION_DEFAULT_TIME_ZONE). */
  timeZone(requested: string | undefined, location: 'body' | 'query'): string {
    return requireTimeZone(requested ?? this.deps.config.RESERVATION_DEFAULT_TIME_ZONE, location);
  }

  async quote(query: QuoteQuery): Promise<Quote> {
    if (query.vehicleId === undefined && query.model === undefined)
      throw new RuleViolationError('Name a vehicle or a model to quote.', [
        { location: 'query', field: 'vehicleId', message: 'vehicleId or model is required' },
      ]);
    const period = requirePeriod(query.from, query.to, this.rules, this.deps.now(), 'query');
    const timeZone = this.timeZone(query.timeZone, 'query');
    let model = query.model;
    if (query.vehicleId !== undefined) {
      const vehicle = await this.deps.calendar.vehicle(query.vehicleId);
      if (!vehicle) throw vehicleNotFound(query.vehicleId);
      if (model !== undefined && model !== vehicle.model)
        throw new RuleViolationError(`Vehicle ${vehicle.id} is a ${vehicle.model}, not a ${model}.`, [
          { location: 'query', field: 'model', message: `model must match the vehicle's (${vehicle.model})` },
        ]);
      model = vehicle.model;
    }
    return this.price(model as VehicleModel, period, timeZone);
  }

  /**
   * Every asked model's price for one period, for inventory's availability answers: the days are
   * counted once, the rates read in one query; a model without a rate is priced null. The period
   * only has to be a period: the availability search has judged it already.
   */
  async priceModels(body: PriceModelsBody): Promise<ModelPrices> {
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (!(to.getTime() > from.getTime()))
      throw new RuleViolationError(
        'The rental period is invalid: to must be after from.',
        [{ location: 'body', field: 'to', message: 'to must be after from' }],
        ProblemTypes.invalidPeriod,
      );
    const timeZone = this.timeZone(body.timeZone, 'body');
    const { days } = rentalDays(from, to, timeZone);
    const rates = await this.rates.list();
    return {
      timeZone,
      items: body.models.map((model) => {
        const rate = rates.find((r) => r.model === model);
        if (!rate) return { model, price: null };
        const subtotalMinor = days * rate.dailyRateMinor;
        return {
          model,
          price: {
            days,
            dailyRateMinor: rate.dailyRateMinor,
            subtotalMinor,
            depositMinor: rate.depositMinor,
            totalDueMinor: subtotalMinor + rate.depositMinor,
            currency: rate.currency,
          },
        };
      }),
    };
  }

  async price(model: VehicleModel, period: Period, timeZone: string): Promise<Quote> {
    const rate = await this.rates.forModel(model);
    const { pickupDate, returnDate, days } = rentalDays(period.from, period.to, timeZone);
    const subtotalMinor = days * rate.dailyRateMinor;
    return {
      model,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone,
      pickupDate,
      returnDate,
      days,
      dailyRateMinor: rate.dailyRateMinor,
      subtotalMinor,
      depositMinor: rate.depositMinor,
      totalDueMinor: subtotalMinor + rate.depositMinor,
      currency: rate.currency,
    };
  }
}

export const vehicleNotFound = (id: string) =>
  new NotFoundError(`No vehicle with id ${id}.`, ProblemTypes.vehicleNotFound);
