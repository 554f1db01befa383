import { describe, expect, it } from 'vitest';
import { toVehicleSignals } from './signals';
import type { TelemetryDatum, TelemetryPayload } from './types';

const at = (data: TelemetryDatum[]): TelemetryPayload => ({
  vin: 'V',
  createdAt: new Date('2026-03-01T00:00:00Z'),
  isResend: false,
  data,
});

describe('toVehicleSignals', () => {
  it('maps the known fields into app units', () => {
    const { signals, ignored } = toVehicleSignals(
      at([
        { key: 'VehicleName', value: { kind: 'string', value: 'Taco' } },
        { key: 'Soc', value: { kind: 'double', value: 71.5 } },
        { key: 'BatteryLevel', value: { kind: 'int', value: 70 } },
        { key: 'RatedRange', value: { kind: 'float', value: 210.5 } },
        { key: 'TimeToFullCharge', value: { kind: 'double', value: 1.25 } },
        { key: 'Location', value: { kind: 'location', latitude: 37.5, longitude: -122 } },
        { key: 'Gear', value: { kind: 'shiftState', value: 'R' } },
        { key: 'Version', value: { kind: 'string', value: '2026.2.1' } },
        { key: 'DoorState', value: { kind: 'string', value: 'DriverFront' } },
      ]),
    );
    expect(signals).toEqual({
      vehicleName: 'Taco',
      soc: 71.5,
      batteryLevel: 70,
      ratedRangeMi: 210.5,
      minutesToFullCharge: 75,
      latitude: 37.5,
      longitude: -122,
      gear: 'R',
      softwareVersion: '2026.2.1',
    });
    expect(ignored).toEqual(['DoorState']);
  });

  it('copes with a value whose type changed between firmware versions', () => {
    const older = toVehicleSignals(
      at([
        { key: 'Odometer', value: { kind: 'string', value: '48213.7' } },
        { key: 'Locked', value: { kind: 'int', value: 1 } },
        { key: 'SentryMode', value: { kind: 'string', value: 'SentryModeStateArmed' } },
        { key: 'Gear', value: { kind: 'string', value: 'D' } },
        { key: 'ChargeState', value: { kind: 'string', value: 'Charging' } },
        { key: 'ValetModeEnabled', value: { kind: 'string', value: 'false' } },
      ]),
    );
    const newer = toVehicleSignals(
      at([
        { key: 'Odometer', value: { kind: 'double', value: 48213.7 } },
        { key: 'Locked', value: { kind: 'boolean', value: true } },
        { key: 'SentryMode', value: { kind: 'enum', type: 'SentryModeState', value: 'Armed' } },
        { key: 'Gear', value: { kind: 'shiftState', value: 'D' } },
        { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Charging' } },
        { key: 'ValetModeEnabled', value: { kind: 'boolean', value: false } },
      ]),
    );
    expect(older).toEqual(newer);
    expect(newer.signals).toEqual({
      odometerMi: 48213.7,
      locked: true,
      sentryMode: true,
      sentryModeState: 'Armed',
      gear: 'D',
      chargingState: 'Charging',
      valetMode: false,
    });
  });

  it('skips invalid values, lists unreadable ones and never throws', () => {
    const { signals, ignored } = toVehicleSignals(
      at([
        { key: 'Soc', value: { kind: 'invalid' } },
        { key: 'Odometer', value: { kind: 'string', value: 'lots' } },
        { key: 'Locked', value: { kind: 'int', value: 7 } },
        { key: 'Gear', value: { kind: 'shiftState', value: 'SNA' } },
        { key: 'Field9999', value: { kind: 'int', value: 1 } },
        { key: 'Location', value: { kind: 'string', value: '37,-122' } },
      ]),
    );
    expect(signals).toEqual({ gear: null });
    expect('soc' in signals).toBe(false);
    expect(ignored).toEqual(['Odometer', 'Locked', 'Field9999', 'Location']);
  });

  it('prefers DetailedChargeState over the coarser ChargeState whatever the order', () => {
    const { signals } = toVehicleSignals(
      at([
        { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Complete' } },
        { key: 'ChargeState', value: { kind: 'string', value: 'Charging' } },
      ]),
    );
    expect(signals.chargingState).toBe('Complete');
  });

  it('reads the tyre pressures in bar, each tyre on its own, as a number or its text', () => {
    const { signals, ignored } = toVehicleSignals(
      at([
        { key: 'TpmsPressureFl', value: { kind: 'double', value: 2.9 } },
        { key: 'TpmsPressureFr', value: { kind: 'float', value: 2.875 } },
        { key: 'TpmsPressureRl', value: { kind: 'string', value: '3.05' } },
        { key: 'TpmsPressureRr', value: { kind: 'invalid' } },
      ]),
    );
    expect(signals).toEqual({ tpmsPressureFlBar: 2.9, tpmsPressureFrBar: 2.875, tpmsPressureRlBar: 3.05 });
    expect(ignored).toEqual([]);
  });
});
