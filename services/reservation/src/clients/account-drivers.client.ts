import type { DriverEligibility, DriverVerificationClient } from '@cybertacotruck/contracts';
import type { Peers } from '@cybertacotruck/platform';

/**
 * The account service's answer on a customer's driver's licence, through `peers` (injected when
 * account is mounted in this process, an HTTP call to ACCOUNT_URL otherwise).
 */
export class AccountDriversClient implements DriverVerificationClient {
  constructor(private readonly peers: Peers) {}

  async eligibility(userId: string): Promise<DriverEligibility> {
    const { body } = await this.peers.call<DriverEligibility>('account', {
      method: 'GET',
      path: `/internal/customers/${encodeURIComponent(userId)}/driver-verification`,
    });
    return body;
  }
}
