import {
  ProblemTypes,
  VEHICLE_MODELS,
  type UpdateRateBody,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { ConflictError } from '@cybertacotruck/platform';
import type { ReservationDeps } from '../../deps';
import type { RateRecord } from './rates.repository';
/** The record the routes present; they read it through the service, never the repository. */
export type { RateRecord } from './rates.repository';

/** The daily rate and deposit of each model: operators set them, quotes and reservations read them. */
export class RatesService {
  constructor(private readonly deps: Pick<ReservationDeps, 'repos' | 'now'>) {}

  /** Every model that has a rate, in the fleet's model order. */
  async list(): Promise<RateRecord[]> {
    const rates = await this.deps.repos.rates.list();
    return rates.sort((a, b) => VEHICLE_MODELS.indexOf(a.model) - VEHICLE_MODELS.indexOf(b.model));
  }

  async forModel(model: VehicleModel): Promise<RateRecord> {
    const rate = await this.deps.repos.rates.find(model);
    if (!rate)
      throw new ConflictError(
        `No daily rate is set for ${model}; an operator sets one with PUT /api/v1/rates/${model}.`,
        ProblemTypes.rateNotSet,
      );
    return rate;
  }

  /** New rates apply to quotes and holds from now on; held and confirmed reservations keep theirs. */
  update(model: VehicleModel, body: UpdateRateBody): Promise<RateRecord> {
    return this.deps.repos.rates.upsert(
      {
        model,
        dailyRateMinor: body.dailyRateMinor,
        depositMinor: body.depositMinor,
        currency: body.currency,
      },
      this.deps.now(),
    );
  }
}
