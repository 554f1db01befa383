/**
 * Sends one text message. Generic on purpose: the notification service reuses the idea.
 * Throws SmsDeliveryError when the provider refuses or cannot be reached.
 */
export interface SmsSender {
  readonly name: 'twilio' | 'dev-inbox';
  sendSms(to: string, body: string): Promise<{ providerId: string }>;
}

export class SmsDeliveryError extends Error {
  override name = 'SmsDeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
