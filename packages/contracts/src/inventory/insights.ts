import Type, { type Static } from 'typebox';
import { VehicleModel } from './vehicles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date', description: "a day in the insights' time zone, YYYY-MM-DD" });
const Count = Type.Integer({ minimum: 0 });
const Share = Type.Number({ minimum: 0, maximum: 1, description: 'a share between 0 and 1' });
const Minor = (description: string) =>
  Type.Integer({ description: `${description}, in minor units (cents) of \`currency\`` });

/** The windows the business numbers come in. */
export const INSIGHTS_WINDOWS = [7, 30, 90] as const;
export type InsightsWindow = (typeof INSIGHTS_WINDOWS)[number];

export const InsightsQuery = Type.Object({
  days: Type.Optional(
    Type.Integer({
      enum: [...INSIGHTS_WINDOWS],
      default: 7,
      description: 'the window: the last 7, 30 or 90 days, today included',
    }),
  ),
});
export type InsightsQuery = Static<typeof InsightsQuery>;

/** The funnel's steps, in order; each counts people (customers or invitations) in the window. */
export const FUNNEL_STEPS = ['invited', 'registered', 'searched', 'held', 'confirmed', 'completed'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const FunnelRow = Type.Object({
  step: Type.Enum(FUNNEL_STEPS),
  count: Count,
  dropOff: Nullable(
    Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        'the share of the previous step that did not reach this one (0 when this step counts as many or more; null for the first step or after a step of 0)',
    }),
  ),
});
export type FunnelRow = Static<typeof FunnelRow>;

/** Searches for a period (and model) that found no free car. */
export const UnmetDemandRow = Type.Object({
  fromDay: Day,
  toDay: Day,
  model: Nullable(VehicleModel),
  searches: Count,
  unmet: Type.Integer({ minimum: 1, description: 'how many of them found no free car' }),
});
export type UnmetDemandRow = Static<typeof UnmetDemandRow>;

export const CarUtilisation = Type.Object({
  vehicleId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  model: VehicleModel,
  vehicleDays: Type.Number({ minimum: 0, description: 'days the car was in the fleet in the window' }),
  bookedDays: Type.Number({ minimum: 0 }),
  utilisation: Share,
  revenueMinor: Minor('charged − refunded + return charges for its reservations'),
  teslaCostUsd: Type.Number({ minimum: 0 }),
});
export type CarUtilisation = Static<typeof CarUtilisation>;

export const ModelUtilisation = Type.Object({
  model: VehicleModel,
  cars: Count,
  vehicleDays: Type.Number({ minimum: 0 }),
  bookedDays: Type.Number({ minimum: 0 }),
  utilisation: Share,
});
export type ModelUtilisation = Static<typeof ModelUtilisation>;

export const CANCELLATION_LEAD_TIMES = ['after_start', 'under_1d', '1_3d', '3_7d', 'over_7d'] as const;
export type CancellationLeadTime = (typeof CANCELLATION_LEAD_TIMES)[number];

export const CancellationRow = Type.Object({
  cancelledBy: Type.Enum(['customer', 'operator']),
  reason: Nullable(Type.String({ description: 'as given; null when none was' })),
  count: Count,
  wasConfirmed: Type.Integer({ minimum: 0, description: 'how many of them had been confirmed (paid)' }),
});
export type CancellationRow = Static<typeof CancellationRow>;

export const LeadTimeRow = Type.Object({
  leadTime: Type.Enum(CANCELLATION_LEAD_TIMES, {
    description: 'the time between the cancellation and the start of the rental',
  }),
  count: Count,
});
export type LeadTimeRow = Static<typeof LeadTimeRow>;

/** One day of the window. */
export const InsightsDay = Type.Object({
  day: Day,
  invited: Count,
  registered: Count,
  searches: Count,
  unmetSearches: Count,
  held: Count,
  confirmed: Count,
  completed: Count,
  cancelled: Count,
  utilisation: Share,
  revenueMinor: Minor('charged − refunded + return charges that day'),
  teslaCostUsd: Type.Number({ minimum: 0 }),
});
export type InsightsDay = Static<typeof InsightsDay>;

export const Insights = Type.Object({
  days: Type.Integer({ minimum: 1 }),
  timeZone: Type.String({ description: 'where the days begin (INSIGHTS_TIME_ZONE)' }),
  from: Type.String({ format: 'date-time', description: 'the first day’s midnight' }),
  asOf: Type.String({ format: 'date-time' }),
  currency: Type.String({
    description: "the revenue's currency (the fleet's; other currencies are left out)",
  }),
  funnel: Type.Array(FunnelRow),
  reservations: Type.Object({
    held: Count,
    confirmed: Count,
    completed: Count,
    cancelled: Count,
    expired: Count,
    noShow: Count,
  }),
  searches: Type.Object({ total: Count, unmet: Count }),
  unmetDemand: Type.Array(UnmetDemandRow, { description: 'the 20 periods with the most unmet searches' }),
  money: Type.Object({
    revenueMinor: Minor('rentals charged − refunded + return charges'),
    teslaCostUsd: Type.Number({ minimum: 0, description: 'Fleet API calls at Tesla’s list prices' }),
    paymentFeesMinor: Nullable(Minor('what the payment provider kept (null: the provider reports no fees)')),
    vehicleDays: Type.Number({ minimum: 0, description: 'days cars were in the fleet' }),
    revenuePerVehicleDayMinor: Type.Number(),
    teslaCostPerVehicleDayUsd: Type.Number({ minimum: 0 }),
  }),
  utilisation: Type.Object({
    fleet: Share,
    models: Type.Array(ModelUtilisation),
    cars: Type.Array(CarUtilisation),
  }),
  cancellations: Type.Object({
    total: Count,
    byReason: Type.Array(CancellationRow),
    byLeadTime: Type.Array(LeadTimeRow),
  }),
  daily: Type.Array(InsightsDay),
});
export type Insights = Static<typeof Insights>;
