/**
 * Sends one text message; the account and notification services share this port.
 * Throws SmsDeliveryError when the provider refuses or cannot be reached.
 */
export interface SmsSender {
  readonly name: 'twilio' | 'dev-inbox';
  sendSms(to: string, body: string): Promise<{ providerId: string }>;
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
