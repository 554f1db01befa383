import { createHash, randomUUID } from 'node:crypto';
import { ProblemTypes, type FieldError, type ProblemType } from '@cybertacotruck/contracts';
import { ConflictError, DomainError } from '@cybertacotruck/platform';
import { inTransaction, type Repositories, type ReservationDeps } from '../../deps';

/** How long an unfinished key counts as in flight before a retry may take it over. */
export const IN_FLIGHT_MS = 60_000;

/** What a state-changing request answered: replayed as it was for every retry with its key. */
export interface Answer<T> {
  status: number;
  body: T;
}

export interface IdempotentRequest {
  userId: string;
  /** The Idempotency-Key header: unique per user, not globally. */
  key: string;
  /** The route and the reservation it acts on, e.g. `reservation.confirm:<id>`. */
  operation: string;
  body: unknown;
  /** For a create, the id the new reservation will have; kept with the key so a retry reuses it. */
  reservationId: string;
}

/** The right of one attempt to work on a key; `reservationId` is the same for every attempt. */
export interface Lease {
  userId: string;
  key: string;
  leaseId: string;
  reservationId: string;
  /** True when an earlier attempt died without an answer and this one took over. */
  retried: boolean;
}

interface StoredProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** JSON with object keys sorted at every level, so equal bodies hash equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const requestHash = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body)).digest('hex');

const inFlight = (key: string) =>
  new ConflictError(
    `A request with Idempotency-Key ${key} is still being processed; retry in a moment to get its answer.`,
    ProblemTypes.idempotencyKeyInFlight,
  );

/** Only answers that are the outcome of the request are kept; "in flight" and 5xx are not outcomes. */
const isStorable = (error: unknown): error is DomainError =>
  error instanceof DomainError &&
  error.status >= 400 &&
  error.status < 500 &&
  error.type !== ProblemTypes.idempotencyKeyInFlight;

/**
 * Idempotency keys as a protocol, not a cache:
 * 1. `begin` (one short transaction) inserts the key row first (ON CONFLICT DO NOTHING). The row
 *    carries the operation, a SHA-256 of the canonical body and, for a create, the reservation id
 *    chosen up front. A key already used for another request → 422; with an answer → replay; being
 *    worked on (lease younger than IN_FLIGHT_MS) → 409 in flight; abandoned (its attempt crashed or
 *    failed with a 5xx) → this attempt takes it over with the SAME reservation id.
 * 2. The work runs outside any transaction (it calls the inventory calendar, whose holds are
 *    idempotent by that id as `reference`), then commits its change, its event and the answer in
 *    ONE transaction that starts by proving it still holds the lease (`hold`) and ends with `record`.
 * 3. A 4xx is the request's answer too and is recorded; a 5xx releases the lease for a retry.
 * So a crash between the calendar hold and the commit leaves a key a retry finishes, with the same
 * hold and the same reservation, never a second one.
 */
export class IdempotencyService {
  constructor(private readonly deps: Pick<ReservationDeps, 'db' | 'repos' | 'now' | 'logger'>) {}

  async run<T>(request: IdempotentRequest, work: (lease: Lease) => Promise<Answer<T>>): Promise<Answer<T>> {
    const begun = await this.begin(request);
    if (begun.kind === 'replay') return replay<T>(begun.answer);
    try {
      return await work(begun.lease);
    } catch (error) {
      await this.settle(begun.lease, error);
      throw error;
    }
  }

  /** The first statement of the work's transaction: locks the key, or 409 when another attempt took it. */
  /**
   * Forgets keys older than `retentionDays`: a retry after that is a new request. Clients retry
   * within minutes; a week keeps every realistic retry (and a support look-back) replayable.
   */
  prune(retentionDays: number): Promise<number> {
    return this.deps.repos.idempotency.prune(
      new Date(this.deps.now().getTime() - retentionDays * 86_400_000),
    );
  }

  async hold(repos: Repositories, lease: Lease): Promise<void> {
    if (!(await repos.idempotency.holdsLease(lease.userId, lease.key, lease.leaseId)))
      throw inFlight(lease.key);
  }

  /** The last statement of the work's transaction: the answer commits with the change. */
  async record(repos: Repositories, lease: Lease, answer: Answer<unknown>): Promise<void> {
    if (!(await repos.idempotency.complete(lease.userId, lease.key, lease.leaseId, answer, this.deps.now())))
      throw inFlight(lease.key);
  }

  private begin(
    request: IdempotentRequest,
  ): Promise<{ kind: 'lease'; lease: Lease } | { kind: 'replay'; answer: Answer<unknown> }> {
    const hash = requestHash(request.body);
    const at = this.deps.now();
    const leaseId = randomUUID();
    const { userId, key, operation } = request;
    return inTransaction(this.deps, async (repos) => {
      if (
        await repos.idempotency.insertNew({
          userId,
          key,
          operation,
          requestHash: hash,
          reservationId: request.reservationId,
          leaseId,
          at,
        })
      )
        return {
          kind: 'lease',
          lease: { userId, key, leaseId, reservationId: request.reservationId, retried: false },
        };

      const used = await repos.idempotency.lock(userId, key);
      if (!used) throw inFlight(key);
      if (used.operation !== operation || used.requestHash !== hash)
        throw new DomainError(
          ProblemTypes.idempotencyKeyReused,
          422,
          'Idempotency key reused',
          `Idempotency-Key ${key} was already used for a different request; use a new key for a new action.`,
        );
      if (used.responseStatus !== null)
        return { kind: 'replay', answer: { status: used.responseStatus, body: used.responseBody } };
      if (at.getTime() - used.lockedAt.getTime() < IN_FLIGHT_MS) throw inFlight(key);
      await repos.idempotency.takeOver(userId, key, leaseId, at);
      this.deps.logger.warn({ key, operation }, 'idempotency key abandoned by an earlier attempt; retrying');
      return {
        kind: 'lease',
        lease: {
          userId,
          key,
          leaseId,
          reservationId: used.reservationId ?? request.reservationId,
          retried: true,
        },
      };
    });
  }

  private async settle(lease: Lease, error: unknown): Promise<void> {
    const { idempotency } = this.deps.repos;
    try {
      if (isStorable(error)) {
        const problem: StoredProblem = {
          type: error.type,
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...(error.errors?.length ? { errors: error.errors } : {}),
        };
        await idempotency.complete(
          lease.userId,
          lease.key,
          lease.leaseId,
          { status: error.status, body: problem },
          this.deps.now(),
        );
      } else {
        await idempotency.release(lease.userId, lease.key, lease.leaseId);
      }
    } catch (settleError) {
      // The lease then lapses by itself after IN_FLIGHT_MS; the original error is what the caller sees.
      this.deps.logger.error({ err: settleError, key: lease.key }, 'idempotency key not settled');
    }
  }
}

/** A recorded answer: a success as it was, a problem thrown again through the one error handler. */
function replay<T>(answer: Answer<unknown>): Answer<T> {
  if (answer.status < 400) return answer as Answer<T>;
  const problem = answer.body as StoredProblem;
  throw new DomainError(
    problem.type as ProblemType,
    answer.status,
    problem.title,
    problem.detail,
    problem.errors,
  );
}
