export { DeliveryError, SmsDeliveryError, sameText, type SentQuery, type SmsSender } from './sms.port';
export { TwilioSms, type TwilioOptions } from './twilio.sms';
export {
  DevInboxRepository,
  type DevInboxTableOf,
  type DevMessageRecord,
  type DevMessageTable,
} from './dev-inbox.repository';
export { DevInboxSms } from './dev-inbox.sms';
