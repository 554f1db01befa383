import { VEHICLE_MODELS, VEHICLE_MODEL_LABELS, type VehicleModel } from '@cybertacotruck/contracts';

interface ModelFilterProps {
  value: VehicleModel | undefined;
  onChange: (model: VehicleModel | undefined) => void;
}

/** Model chips: a radio group, so keyboard users get arrow-key navigation for free. */
export function ModelFilter({ value, onChange }: ModelFilterProps) {
  const options: { key: VehicleModel | undefined; label: string }[] = [
    { key: undefined, label: 'All models' },
    ...VEHICLE_MODELS.map((m) => ({ key: m, label: VEHICLE_MODEL_LABELS[m] })),
  ];
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">Model</legend>
      {options.map((option) => (
        <label key={option.label} className={`chip${option.key === value ? ' chip-on' : ''}`}>
          <input
            type="radio"
            name="model"
            checked={option.key === value}
            onChange={() => {
              onChange(option.key);
            }}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
