import Type, { type Static } from 'typebox';
import { VEHICLE_MODELS, type VehicleModel } from '@cybertacotruck/contracts';

/** The rental-access keys (part of inventory's configuration, validated with it at start-up). */
export const RentalAccessConfigSchema = Type.Object({
  RENTAL_ACCESS_LEAD_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 1440,
    default: 30,
    description: "minutes before pickup the renter's Tesla driver invitation is created and sent, 0-1440",
  }),
  RENTAL_ACCESS_GRACE_MINUTES: Type.Integer({
    minimum: 0,
    maximum: 1440,
    default: 60,
    description: 'minutes after the end of a rental not returned before the renter loses the car, 0-1440',
  }),
  RENTAL_ACCESS_TICK_MS: Type.Integer({
    minimum: 50,
    maximum: 600_000,
    default: 15_000,
    description: 'how often the rental-access worker looks for due steps, in ms',
  }),
  RENTAL_ACCESS_RETRY_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 30,
    description: 'the first retry of a failed step, in s (doubling up to an hour)',
  }),
  SPEED_LIMIT_PIN: Type.Optional(
    Type.String({
      pattern: '^[0-9]{4}$',
      secret: true,
      description:
        'the 4-digit Speed Limit Mode PIN set on rented cars (unset = Speed Limit Mode is not used)',
    }),
  ),
  SPEED_LIMIT_MPH: Type.String({
    pattern: `^((${VEHICLE_MODELS.join('|')}|default)=[0-9]{2,3})(,(${VEHICLE_MODELS.join('|')}|default)=[0-9]{2,3})*$`,
    default: 'default=80',
    description:
      'the speed limit during a rental, mph, per model: model=mph[,model=mph…] with an optional default=mph (50-90, as Tesla accepts)',
  }),
});
export type RentalAccessConfig = Static<typeof RentalAccessConfigSchema>;

/** The limit for a model from SPEED_LIMIT_MPH, clamped to what Tesla accepts (50-90 mph). */
export function speedLimitFor(spec: string, model: VehicleModel): number {
  const entries = new Map(
    spec.split(',').map((part) => {
      const [name = '', mph = '80'] = part.split('=');
      return [name, Number(mph)] as const;
    }),
  );
  const mph = entries.get(model) ?? entries.get('default') ?? 80;
  return Math.min(90, Math.max(50, mph));
}
