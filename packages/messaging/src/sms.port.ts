/** What the sender knows of a message it may already have handed over: where, what, since when. */
export interface SentQuery {
  to: string;
  body: string;
  /** No earlier than this (the delivery's creation): older messages with the same text are other sends. */
  since: Date;
  /** Provider ids already recorded for other deliveries: a message with one of these is not this one. */
  exclude?: ReadonlySet<string>;
}

/**
 * Sends one text message; the account and notification services share this port.
 * Throws SmsDeliveryError when the provider refuses or cannot be reached.
 */
export interface SmsSender {
  readonly name: 'twilio' | 'dev-inbox';
  sendSms(to: string, body: string): Promise<{ providerId: string }>;
  /**
   * Asks the provider whether it already accepted this message (a sender died after the provider
   * took it and before the outcome was recorded): its provider id, or null when it has none.
   * Throws when the provider cannot be asked; the caller must then not send blindly.
   */
  findSent?(query: SentQuery): Promise<{ providerId: string } | null>;
}

/** A message the provider refused or could not take (any channel). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** A text message the provider refused or could not take; `status` is the provider's HTTP status. */
export class SmsDeliveryError extends DeliveryError {
  override name = 'SmsDeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Providers may re-encode whitespace (Intl writes narrow no-break spaces in dates; a Messaging
 * Service with smart encoding sends plain ones): compare texts with every space run as one space.
 */
export const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/gu, ' ').trim() === b.replace(/\s+/gu, ' ').trim();
