import Type from 'typebox';
import type { ReadySettings } from './ready-at-pickup.service';

/** Inventory's keys for commands to cars and for getting cars ready at pickup. */
export const VehicleCommandsConfigSchema = Type.Object({
  READY_AT_PICKUP: Type.Boolean({
    default: true,
    description:
      'true or false: before each pickup, raise the charge limit and charge a plugged-in car, precondition the cabin, alert when the charge will fall short',
  }),
  READY_TICK_MS: Type.Integer({
    minimum: 1_000,
    maximum: 3_600_000,
    default: 60_000,
    description: 'milliseconds between passes of the ready-at-pickup worker, 1000-3600000',
  }),
  READY_CHARGE_TARGET_PERCENT: Type.Integer({
    minimum: 50,
    maximum: 100,
    default: 80,
    description: 'the charge a car should have at pickup, in %, 50-100',
  }),
  READY_CHARGE_LEAD_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 2_880,
    default: 360,
    description:
      'minutes before pickup when the charge limit is raised to the target and a plugged-in car starts charging, 0-2880',
  }),
  READY_ALERT_LEAD_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 10_080,
    default: 720,
    description:
      'minutes before pickup from which a projected shortfall raises an operator alert (early enough to swap cars or plug in), 0-10080',
  }),
  READY_CHARGE_RATE_PERCENT_PER_HOUR: Type.Number({
    minimum: 1,
    maximum: 200,
    default: 10,
    description:
      '% per hour a plugged-in car is assumed to gain when it is not charging now (its own rate is used while it charges), 1-200',
  }),
  READY_PRECONDITION_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 120,
    default: 15,
    description: 'minutes before pickup when the cabin is preconditioned (climate on), 0-120',
  }),
  READY_PRECONDITION_BELOW_C: Type.Number({
    minimum: -50,
    maximum: 40,
    default: 10,
    description: 'precondition the cabin when it is colder outside than this, in °C',
  }),
  READY_PRECONDITION_ABOVE_C: Type.Number({
    minimum: -20,
    maximum: 60,
    default: 25,
    description: 'precondition the cabin when it is warmer outside than this, in °C',
  }),
});

const MINUTE_MS = 60_000;

/** The ready-at-pickup worker's settings from configuration. */
export function readySettings(c: {
  READY_CHARGE_TARGET_PERCENT: number;
  READY_CHARGE_RATE_PERCENT_PER_HOUR: number;
  READY_CHARGE_LEAD_MINUTES: number;
  READY_ALERT_LEAD_MINUTES: number;
  READY_PRECONDITION_MINUTES: number;
  READY_PRECONDITION_BELOW_C: number;
  READY_PRECONDITION_ABOVE_C: number;
}): ReadySettings {
  return {
    targetPercent: c.READY_CHARGE_TARGET_PERCENT,
    ratePercentPerHour: c.READY_CHARGE_RATE_PERCENT_PER_HOUR,
    chargeLeadMs: c.READY_CHARGE_LEAD_MINUTES * MINUTE_MS,
    alertLeadMs: c.READY_ALERT_LEAD_MINUTES * MINUTE_MS,
    preconditionMs: c.READY_PRECONDITION_MINUTES * MINUTE_MS,
    preconditionBelowC: c.READY_PRECONDITION_BELOW_C,
    preconditionAboveC: c.READY_PRECONDITION_ABOVE_C,
  };
}
