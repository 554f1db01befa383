import type { VehicleModel } from '@cybertacotruck/contracts';

/** Tesla VINs name the model in position 4 (5YJ3… Model 3, 7SAY… Model Y, 7G2C… Cybertruck). */
const BY_VIN_CHAR: Record<string, VehicleModel> = {
  '3': 'model_3',
  Y: 'model_y',
  S: 'model_s',
  X: 'model_x',
  C: 'cybertruck',
};

const BY_CAR_TYPE: Record<string, VehicleModel> = {
  model3: 'model_3',
  modely: 'model_y',
  models: 'model_s',
  models2: 'model_s',
  modelx: 'model_x',
  cybertruck: 'cybertruck',
};

export function modelOf(vin: string, carType?: string): VehicleModel | null {
  if (carType) {
    const byType = BY_CAR_TYPE[carType.toLowerCase()];
    if (byType) return byType;
  }
  return BY_VIN_CHAR[vin.charAt(3)] ?? null;
}
