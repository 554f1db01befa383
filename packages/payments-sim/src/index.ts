/** A payment simulator speaking the subset of Stripe's API the app uses (issue 17): work in progress. */
export const PAYMENTS_SIM_API_VERSION = '2026-11-18.endive';
