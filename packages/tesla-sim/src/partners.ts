import { createHash } from 'node:crypto';
import type { Region } from './fleet/vehicle-model';

/**
 * Partner domains registered per region (`POST /api/1/partner_accounts`). Tesla requires the
 * registration in every region the app calls; with `required` the sim enforces that with 412.
 */
export class PartnerRegistry {
  private readonly domains = new Map<Region, Set<string>>();

  constructor(readonly required: boolean) {}

  register(region: Region, domain: string): void {
    let set = this.domains.get(region);
    if (!set) this.domains.set(region, (set = new Set()));
    set.add(domain.toLowerCase());
  }

  isRegistered(region: Region, domain: string): boolean {
    return this.domains.get(region)?.has(domain.toLowerCase()) ?? false;
  }

  hasAnyIn(region: Region): boolean {
    return (this.domains.get(region)?.size ?? 0) > 0;
  }

  /**
   * The sim cannot fetch `/.well-known/appspecific/com.tesla.3p.public-key.pem` (no internet),
   * so it answers with a stable uncompressed-point-shaped hex string per domain.
   */
  publicKey(domain: string): string {
    const a = createHash('sha256').update(`x:${domain}`).digest('hex');
    const b = createHash('sha256').update(`y:${domain}`).digest('hex');
    return `04${a}${b}`;
  }
}
