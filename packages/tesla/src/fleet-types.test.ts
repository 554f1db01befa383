import { describe, expect, it } from 'vitest';
import { parseFleetVehicle, parseVehicleData } from './fleet-types';

describe('Fleet API parsing', () => {
  it('keeps the exact id from id_s when the number is past 2^53', () => {
    const v = parseFleetVehicle(
      JSON.parse(
        '{"id":3744442283974561234,"id_s":"3744442283974561234","vehicle_id":1,"vin":"V","display_name":null,"state":"waking","in_service":false,"new_field":1}',
      ) as Record<string, unknown>,
    );
    expect(v.idS).toBe('3744442283974561234');
    expect(v.displayName).toBeNull();
    expect(v.state).toBe('offline');
    expect('new_field' in v).toBe(false);
  });

  it('leaves missing sections undefined and drops wrongly typed fields', () => {
    const d = parseVehicleData({
      id: 1,
      vin: 'V',
      state: 'online',
      drive_state: {
        latitude: 30.1,
        longitude: -97.7,
        speed: null,
        shift_state: null,
        gps_as_of: 1_772_366_400,
        heading: '90',
      },
      vehicle_state: {
        odometer: 1234.5,
        locked: true,
        df: 0,
        dr: 0,
        pf: 1,
        pr: 0,
        ft: 0,
        rt: 0,
        tpms_pressure_fl: 2.9,
      },
    });
    expect(d.chargeState).toBeUndefined();
    expect(d.driveState).toEqual({
      latitude: 30.1,
      longitude: -97.7,
      speedMph: null,
      shiftState: null,
      gpsAsOf: new Date(1_772_366_400_000),
    });
    expect(d.vehicleState).toEqual({
      odometerMi: 1234.5,
      locked: true,
      doorsOpen: { driverFront: false, driverRear: false, passengerFront: true, passengerRear: false },
      frontTrunkOpen: false,
      rearTrunkOpen: false,
      tpmsPressureBar: { fl: 2.9 },
    });
  });
});
