import { randomBytes } from 'node:crypto';
import type { SimVehicle } from './vehicle-model';

/**
 * Driver sharing as Tesla's Fleet API documents it: an invitation is a single-use share link
 * (https://www.tesla.com/_rs/1/<code>) valid 24 h; whoever accepts it in the Tesla app becomes a
 * driver of the car until the invitation is revoked or the driver removed. A car has at most five
 * drivers besides its owner.
 */
export const MAX_DRIVERS = 5;
export const INVITATION_TTL_MS = 24 * 60 * 60_000;
export const SHARE_LINK_BASE = 'https://www.tesla.com/_rs/1/';

export type InvitationState = 'pending' | 'accepted' | 'revoked';

export interface SimInvitation {
  id: string;
  code: string;
  state: InvitationState;
  createdAtMs: number;
  expiresAtMs: number;
  revokedAtMs: number | null;
  /** The driver it made, once accepted. */
  shareUserId: string | null;
}

export interface SimDriver {
  shareUserId: string;
  firstName: string;
  lastName: string;
  invitationId: string;
}

export interface SharingState {
  invitations: SimInvitation[];
  drivers: SimDriver[];
}

const sharing = new WeakMap<SimVehicle, SharingState>();

export function sharingOf(v: SimVehicle): SharingState {
  let s = sharing.get(v);
  if (!s) {
    s = { invitations: [], drivers: [] };
    sharing.set(v, s);
  }
  return s;
}

let nextId = 2_252_266_471_835_000;
const newId = (): string => String((nextId += 7));

/** Creates a pending invitation; null when the car already has five drivers. */
export function createInvitation(v: SimVehicle, nowMs: number): SimInvitation | null {
  const s = sharingOf(v);
  if (s.drivers.length >= MAX_DRIVERS) return null;
  const invitation: SimInvitation = {
    id: newId(),
    code: randomBytes(24).toString('base64url'),
    state: 'pending',
    createdAtMs: nowMs,
    expiresAtMs: nowMs + INVITATION_TTL_MS,
    revokedAtMs: null,
    shareUserId: null,
  };
  s.invitations.push(invitation);
  return invitation;
}

export type AcceptOutcome =
  | { ok: true; driver: SimDriver }
  | { ok: false; reason: 'unknown' | 'used' | 'revoked' | 'expired' | 'max_drivers' };

/** The invitee opens the link in the Tesla app and accepts: single use, within 24 h, five drivers at most. */
export function acceptInvitation(
  v: SimVehicle,
  invitation: SimInvitation,
  nowMs: number,
  name: { first: string; last: string },
): AcceptOutcome {
  const s = sharingOf(v);
  if (invitation.state === 'accepted') return { ok: false, reason: 'used' };
  if (invitation.state === 'revoked') return { ok: false, reason: 'revoked' };
  if (nowMs >= invitation.expiresAtMs) return { ok: false, reason: 'expired' };
  if (s.drivers.length >= MAX_DRIVERS) return { ok: false, reason: 'max_drivers' };
  const driver: SimDriver = {
    shareUserId: newId(),
    firstName: name.first,
    lastName: name.last,
    invitationId: invitation.id,
  };
  invitation.state = 'accepted';
  invitation.shareUserId = driver.shareUserId;
  s.drivers.push(driver);
  return { ok: true, driver };
}

/** Revokes an invitation; an accepted one takes its driver's access with it. */
export function revokeInvitation(v: SimVehicle, invitation: SimInvitation, nowMs: number): void {
  const s = sharingOf(v);
  if (invitation.state !== 'revoked') {
    invitation.state = 'revoked';
    invitation.revokedAtMs = nowMs;
  }
  if (invitation.shareUserId !== null)
    s.drivers = s.drivers.filter((d) => d.shareUserId !== invitation.shareUserId);
}

/** Removes a driver; false when there is no such driver. */
export function removeDriver(v: SimVehicle, shareUserId: string): boolean {
  const s = sharingOf(v);
  const before = s.drivers.length;
  s.drivers = s.drivers.filter((d) => d.shareUserId !== shareUserId);
  return s.drivers.length < before;
}

/** The invitation a share link (or its code) names, on any of these cars. */
export function findInvitation(
  vehicles: readonly SimVehicle[],
  linkOrCode: string,
): { vehicle: SimVehicle; invitation: SimInvitation } | undefined {
  const code = linkOrCode.startsWith(SHARE_LINK_BASE) ? linkOrCode.slice(SHARE_LINK_BASE.length) : linkOrCode;
  for (const vehicle of vehicles) {
    const invitation = sharingOf(vehicle).invitations.find((i) => i.code === code);
    if (invitation) return { vehicle, invitation };
  }
  return undefined;
}

/** Tesla's JSON for an invitation. */
export function presentInvitation(v: SimVehicle, i: SimInvitation, nowMs: number) {
  const state = i.state === 'pending' && nowMs >= i.expiresAtMs ? 'expired' : i.state;
  return {
    id: Number(i.id),
    id_s: i.id,
    owner_id: v.vehicleId,
    owner_id_s: String(v.vehicleId),
    share_user_id: i.shareUserId === null ? null : Number(i.shareUserId),
    share_user_id_s: i.shareUserId ?? '',
    product_id: v.vin,
    vin: v.vin,
    product_type: 'vehicle',
    share_type: 'customer',
    state,
    code: i.code,
    share_link: `${SHARE_LINK_BASE}${i.code}`,
    created_at: new Date(i.createdAtMs).toISOString(),
    expires_at: new Date(i.expiresAtMs).toISOString(),
    revoked_at: i.revokedAtMs === null ? null : new Date(i.revokedAtMs).toISOString(),
    borrowing_device_id: null,
    key_id: null,
    active_pubkeys: [],
  };
}

/** Tesla's JSON for a driver. */
export function presentDriver(d: SimDriver) {
  return {
    my_tesla_unique_id: Number(d.shareUserId) % 100_000_000,
    user_id: Number(d.shareUserId),
    user_id_s: d.shareUserId,
    driver_first_name: d.firstName,
    driver_last_name: d.lastName,
    granular_access: { hide_private: false },
    active_pubkeys: [],
    public_key: '',
  };
}
