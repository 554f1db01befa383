/** One e-mail: `id` is the delivery id, sent as the Message-ID so a resend after a crash is recognisable. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailSender {
  readonly name: 'smtp' | 'dev-inbox';
  /** Resolves with the provider's message id; throws when the server refuses or cannot be reached. */
  sendEmail(email: OutgoingEmail): Promise<{ providerId: string }>;
  /**
   * Whether this e-mail was already accepted (see SmsSender.findSent). SMTP has no such question:
   * an e-mail whose outcome is unknown goes again with the same Message-ID (at least once).
   */
  findSent?(query: {
    to: string;
    subject: string;
    text: string;
    since: Date;
    exclude?: ReadonlySet<string>;
  }): Promise<{ providerId: string } | null>;
}

/** Sends one text message: the port shared with the account service (packages/messaging). */
export { DeliveryError, type SmsSender } from '@cybertacotruck/messaging';

/** The Message-ID of a delivery's e-mail: the same on every attempt. */
export const messageIdOf = (deliveryId: string): string => `<${deliveryId}@notification.cybertacotruck>`;
