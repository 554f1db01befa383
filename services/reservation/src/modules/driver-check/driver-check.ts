import { ProblemTypes, type DriverVerificationClient, type VehicleModel } from '@cybertacotruck/contracts';
import { ConflictError } from '@cybertacotruck/platform';

/** Where the web app lets a renter give or fix their licence (named in every refusal). */
export const LICENCE_PAGE = '/account/licence';

/** `model_s=25,cybertruck=25` → { model_s: 25, cybertruck: 25 } (the config pattern has checked it). */
export function parseMinimumAges(text: string): Partial<Record<VehicleModel, number>> {
  const ages: Partial<Record<VehicleModel, number>> = {};
  for (const entry of text.split(',')) {
    const [model, age] = entry.trim().split('=');
    if (model && age) ages[model as VehicleModel] = Number(age);
  }
  return ages;
}

/** Whole years from `dateOfBirth` to `on` (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by = 0, bm = 0, bd = 0] = dateOfBirth.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const refuse = (detail: string) =>
  new ConflictError(
    `${detail} Add or update your driver's licence under Account → Driver's licence (${LICENCE_PAGE}).`,
    ProblemTypes.driverVerificationRequired,
  );

/**
 * No confirmation without an approved licence that is still valid on the return day, held by a
 * driver old enough for the model on the pickup day (RESERVATION_MIN_DRIVER_AGE, per model
 * RESERVATION_MIN_DRIVER_AGE_BY_MODEL). The account service keeps the licence; this asks it.
 */
export class DriverCheck {
  constructor(
    private readonly account: DriverVerificationClient,
    private readonly rules: { minimumAge: number; byModel: Partial<Record<VehicleModel, number>> },
  ) {}

  minimumAge(model: VehicleModel): number {
    return this.rules.byModel[model] ?? this.rules.minimumAge;
  }

  async require(r: { customerId: string; vehicleModel: VehicleModel; from: Date; to: Date }): Promise<void> {
    const licence = await this.account.eligibility(r.customerId);
    switch (licence.status) {
      case 'none':
      case 'draft':
        throw refuse('Your driver’s licence is needed before your first confirmation.');
      case 'pending':
        throw refuse(
          'Your driver’s licence is waiting for the operator’s check; you can confirm once it is approved.',
        );
      case 'rejected':
        throw refuse(
          'Your driver’s licence was not approved; send it again with the operator’s remarks in mind.',
        );
      case 'expired':
        throw refuse('Your driver’s licence has expired.');
      case 'approved':
        break;
    }
    const returnDay = r.to.toISOString().slice(0, 10);
    if (licence.expiresOn !== null && licence.expiresOn < returnDay)
      throw refuse(`Your driver’s licence expires on ${licence.expiresOn}, before this rental ends.`);
    const minimum = this.minimumAge(r.vehicleModel);
    if (
      licence.dateOfBirth === null ||
      ageOn(licence.dateOfBirth, r.from.toISOString().slice(0, 10)) < minimum
    )
      throw new ConflictError(
        `Drivers of this model must be at least ${minimum} years old on the pickup day.`,
        ProblemTypes.driverVerificationRequired,
      );
  }
}
