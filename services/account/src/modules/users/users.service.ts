import { ProblemTypes } from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { NotFoundError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import { hashPassword } from '../../lib/password';
import { normalisePhone } from '../../lib/phone';
import { defaultPreferences } from '../preferences/preferences.service';
import type { UserRecord } from './users.repository';

/** The embedded demo's operator: documented in the README, printed once when created. */
export const DEMO_OPERATOR = { phone: '+15550100000', password: 'taco-fleet-demo', name: 'Demo operator' };

export class UsersService {
  constructor(private readonly deps: AccountDeps) {}

  async get(id: string): Promise<UserRecord> {
    const user = await this.deps.repos.users.findById(id);
    if (!user) throw new NotFoundError(`No user with id ${id}.`, ProblemTypes.userNotFound);
    return user;
  }

  listCustomers(): Promise<UserRecord[]> {
    return this.deps.repos.users.listByRole('customer');
  }

  /**
   * Creates the first operator when there is none: from OPERATOR_PHONE/OPERATOR_PASSWORD, or the
   * demo operator when `demo` (embedded development). Returns who was created, or null.
   */
  async ensureFirstOperator(
    seed: { phone: string; password: string; name: string } | null,
  ): Promise<UserRecord | null> {
    if (!seed || (await this.deps.repos.users.anyWithRole('operator'))) return null;
    const phone = normalisePhone(seed.phone, this.deps.phone);
    if (!phone) throw new Error(`OPERATOR_PHONE: ${seed.phone} is not a valid phone number`);
    const passwordHash = await hashPassword(seed.password);
    try {
      return await inTransaction(this.deps, async (tx) => {
        const user = await tx.users.insert({
          role: 'operator',
          phone,
          email: null,
          name: seed.name,
          passwordHash,
        });
        await tx.preferences.insert(user.id, defaultPreferences());
        return user;
      });
    } catch (error) {
      // Another replica starting at the same moment created it first.
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }
}
