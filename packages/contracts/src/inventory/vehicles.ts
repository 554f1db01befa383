import Type, { type Static } from 'typebox';

import { Name } from '../text';
import { VEHICLE_MODELS } from './vehicle-models';

export const VehicleModel = Type.Enum(VEHICLE_MODELS, { description: 'Tesla model' });
export type VehicleModel = Static<typeof VehicleModel>;

/** ISO 3779 VIN: 17 characters, no I, O or Q. */
export const Vin = Type.String({
  pattern: '^[A-HJ-NPR-Z0-9]{17}$',
  description: '17-character VIN (no I, O, Q)',
});

export const Vehicle = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    /** Operators only: public and customer answers leave the VIN out. */
    vin: Type.Optional(Vin),
    model: VehicleModel,
    displayName: Type.String(),
    color: Type.Union([Type.String(), Type.Null()]),
    trim: Type.Union([Type.String(), Type.Null()]),
    modelYear: Type.Union([Type.Integer(), Type.Null()]),
    inService: Type.Boolean(),
    homeLocationId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'where the car is collected and returned (GET /locations); null = not set yet',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A vehicle of the fleet (the VIN for operators only)' },
);
export type Vehicle = Static<typeof Vehicle>;

const DisplayName = Name({ maxLength: 80 });
const Label = Name({ maxLength: 60 });
const ModelYear = Type.Integer({ minimum: 2012, maximum: 2100 });

export const CreateVehicleBody = Type.Object(
  {
    vin: Vin,
    model: VehicleModel,
    displayName: DisplayName,
    color: Type.Optional(Label),
    trim: Type.Optional(Label),
    modelYear: Type.Optional(ModelYear),
    inService: Type.Optional(Type.Boolean({ default: true })),
    homeLocationId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateVehicleBody = Static<typeof CreateVehicleBody>;

export const UpdateVehicleBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    color: Type.Optional(Type.Union([Label, Type.Null()])),
    trim: Type.Optional(Type.Union([Label, Type.Null()])),
    modelYear: Type.Optional(Type.Union([ModelYear, Type.Null()])),
    inService: Type.Optional(Type.Boolean()),
    homeLocationId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVehicleBody = Static<typeof UpdateVehicleBody>;

export const ListVehiclesQuery = Type.Object({
  model: Type.Optional(VehicleModel),
  inService: Type.Optional(Type.Boolean()),
});
export type ListVehiclesQuery = Static<typeof ListVehiclesQuery>;

export const VehicleList = Type.Object({ items: Type.Array(Vehicle) });
export type VehicleList = Static<typeof VehicleList>;

export const VehicleIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
