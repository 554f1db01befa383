import type { SchemaMigrations } from '@cybertacotruck/db';
import { m0001_notifications } from './0001-notifications';
import { m0002_retention_indexes } from './0002-retention-indexes';
import { m0003_booking_lost_alert } from './0003-booking-lost-alert';
import { m0004_account_sms } from './0004-account-sms';
import { m0006_charge_at_risk_alert } from './0006-charge-at-risk-alert';
import { m0007_rental_access_alerts } from './0007-rental-access-alerts';

export const notificationMigrations: SchemaMigrations = {
  schema: 'notification',
  migrations: {
    '0001_notifications': m0001_notifications,
    '0002_retention_indexes': m0002_retention_indexes,
    '0003_booking_lost_alert': m0003_booking_lost_alert,
    '0004_account_sms': m0004_account_sms,
    '0006_charge_at_risk_alert': m0006_charge_at_risk_alert,
    '0007_rental_access_alerts': m0007_rental_access_alerts,
  },
};
