// Plain constants (no schema library) so the web bundle can import them without TypeBox.
export const VEHICLE_MODELS = ['model_3', 'model_y', 'model_s', 'model_x', 'cybertruck'] as const;
type VehicleModelId = (typeof VEHICLE_MODELS)[number];

export const VEHICLE_MODEL_LABELS: Record<VehicleModelId, string> = {
  model_3: 'Model 3',
  model_y: 'Model Y',
  model_s: 'Model S',
  model_x: 'Model X',
  cybertruck: 'Cybertruck',
};
