import { ProblemTypes, type CancellationPolicy, type PublishTermsBody } from '@cybertacotruck/contracts';
import { NotFoundError } from '@cybertacotruck/platform';
import type { ReservationDeps } from '../../deps';
import type { TermsRecord } from './terms.repository';
/** The record the routes present; they read it through the service, never the repository. */
export type { TermsRecord } from './terms.repository';

/**
 * The cancellation policy in the words shown before a customer accepts the terms; `contactPhone`
 * (the pickup location's, else the operator's) is named where the policy says to contact them.
 */
export function cancellationPolicy(
  freeUntilHoursBeforePickup: number,
  contactPhone: string | null = null,
): CancellationPolicy {
  const contact = contactPhone ? `contact the operator on ${contactPhone}` : 'contact the operator';
  return {
    freeUntilHoursBeforePickup,
    summary:
      freeUntilHoursBeforePickup === 0
        ? 'Cancel free of charge until pickup.'
        : `Cancel free of charge until ${freeUntilHoursBeforePickup} hours before pickup; after that, ${contact}.`,
  };
}

/** Versioned rental terms: a customer confirms a reservation by accepting the current version. */
export class TermsService {
  constructor(private readonly deps: Pick<ReservationDeps, 'repos' | 'now' | 'config'>) {}

  /** The policy that applies to reservations made now. */
  policy(): CancellationPolicy {
    return cancellationPolicy(
      this.deps.config.RESERVATION_FREE_CANCEL_HOURS,
      this.deps.config.OPERATOR_CONTACT_PHONE ?? null,
    );
  }

  async current(): Promise<TermsRecord> {
    const terms = await this.deps.repos.terms.current();
    if (!terms) throw new NotFoundError('No terms have been published yet.', ProblemTypes.termsNotFound);
    return terms;
  }

  async get(version: number): Promise<TermsRecord> {
    const terms = await this.deps.repos.terms.find(version);
    if (!terms)
      throw new NotFoundError(`There is no version ${version} of the terms.`, ProblemTypes.termsNotFound);
    return terms;
  }

  /**
   * Publishes the next version; held reservations must then be confirmed against it. Its fees at
   * return are the body's, else the current version's (a new wording keeps the prices).
   */
  async publish(body: PublishTermsBody): Promise<TermsRecord> {
    const fees = body.returnFees ?? (await this.deps.repos.terms.current())?.returnFees ?? null;
    return this.deps.repos.terms.publish(body.title.trim(), body.body, fees, this.deps.now());
  }
}
