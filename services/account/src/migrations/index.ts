import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_accounts } from './0001-accounts';
import { m0002_outbox_sequence } from './0002-outbox-sequence';
import { m0003_sms_through_notification } from './0003-sms-through-notification';
import { m0004_driver_verification } from './0004-driver-verification';
import { m0005_licence_photo_objects } from './0005-licence-photo-objects';
import { m0006_phone_change_codes } from './0006-phone-change-codes';

export const accountMigrations: SchemaMigrations = {
  schema: 'account',
  migrations: {
    '0001_accounts': m0001_accounts,
    '0002_outbox_sequence': m0002_outbox_sequence,
    '0003_sms_through_notification': m0003_sms_through_notification,
    '0004_driver_verification': m0004_driver_verification,
    '0005_licence_photo_objects': m0005_licence_photo_objects,
    '0006_phone_change_codes': m0006_phone_change_codes,
  },
};
