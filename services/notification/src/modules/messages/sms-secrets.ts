/**
 * Invitation, password-reset and phone-change SMS carry a registration link or a code that must never be stored
 * or travel in an event. They are rendered with these marks where the secret goes: that text is
 * what the delivery log keeps and operators see; the sender fills the marks in just before it
 * sends, with what the account service answers at that moment.
 */
export const LINK_MARK = '‹link›';
export const CODE_MARK = '‹code›';

/** A name written into such a text cannot contain a mark (the fill would put a secret there). */
export const withoutMarks = (text: string): string => text.replace(/[‹›]/g, '');

export function fillSecrets(text: string, secrets: { link?: string | null; code?: string | null }): string {
  let filled = text;
  if (secrets.link) filled = filled.replaceAll(LINK_MARK, secrets.link);
  if (secrets.code) filled = filled.replaceAll(CODE_MARK, secrets.code);
  return filled;
}

/** What a delivery's link or code is fetched by at send time. */
export type SecretRef =
  | { kind: 'invitation'; invitationId: string; issue: number }
  | { kind: 'password_reset'; resetId: string }
  | { kind: 'phone_change'; changeId: string }
  /** `vehicleId`: the car the message names (absent in messages queued before it was recorded). */
  | { kind: 'rental_access'; reservationId: string; vehicleId?: string };

export function formatSecretRef(ref: SecretRef): string {
  if (ref.kind === 'rental_access')
    return `rental_access:${ref.reservationId}${ref.vehicleId ? `:${ref.vehicleId}` : ''}`;
  if (ref.kind === 'phone_change') return `phone_change:${ref.changeId}`;
  return ref.kind === 'invitation'
    ? `invitation:${ref.invitationId}:${ref.issue}`
    : `password_reset:${ref.resetId}`;
}

export function parseSecretRef(text: string): SecretRef | null {
  const [kind, id, issue] = text.split(':');
  if (kind === 'invitation' && id && issue && /^\d+$/.test(issue))
    return { kind, invitationId: id, issue: Number(issue) };
  if (kind === 'password_reset' && id && issue === undefined) return { kind, resetId: id };
  if (kind === 'rental_access' && id)
    return issue === undefined ? { kind, reservationId: id } : { kind, reservationId: id, vehicleId: issue };
  if (kind === 'phone_change' && id && issue === undefined) return { kind, changeId: id };
  return null;
}
