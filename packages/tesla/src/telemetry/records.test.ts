import { describe, expect, it } from 'vitest';
import { alertsToJson, decodeAlerts, decodeAlertsJson, encodeAlerts } from './alerts';
import {
  connectivityToJson,
  decodeConnectivity,
  decodeConnectivityJson,
  encodeConnectivity,
} from './connectivity';
import { TelemetryDecodeError } from './errors';
import type { AlertsRecord, ConnectivityRecord } from './types';

const VIN = '7SAYGDEE1PA000002';

describe('connectivity records', () => {
  const record: ConnectivityRecord = {
    vin: VIN,
    connectionId: 'a1b2c3',
    status: 'DISCONNECTED',
    createdAt: new Date('2026-03-01T08:00:00.500Z'),
    networkInterface: 'wifi',
  };

  it('round-trips protobuf and protojson', () => {
    expect(decodeConnectivity(encodeConnectivity(record))).toEqual(record);
    expect(connectivityToJson(record)).toBe(
      `{"vin":"${VIN}","connectionId":"a1b2c3","status":"DISCONNECTED","createdAt":"2026-03-01T08:00:00.500Z","networkInterface":"wifi"}`,
    );
    expect(decodeConnectivityJson(connectivityToJson(record))).toEqual(record);
  });

  it('reads snake_case and numeric enums, and throws a typed error on garbage', () => {
    const r = decodeConnectivityJson({
      vin: VIN,
      connection_id: 'x',
      status: 1,
      created_at: '2026-03-01T08:00:00Z',
    });
    expect(r.status).toBe('CONNECTED');
    expect(r.connectionId).toBe('x');
    expect(r.networkInterface).toBe('');
    expect(() => decodeConnectivity(Uint8Array.from([0x12, 0x05, 0x61]))).toThrow(TelemetryDecodeError);
  });
});

describe('alert records', () => {
  const record: AlertsRecord = {
    vin: VIN,
    createdAt: new Date('2026-03-01T09:00:00Z'),
    alerts: [
      {
        name: 'Charger_Fault',
        audiences: ['Customer', 'Service'],
        startedAt: new Date('2026-03-01T08:59:00Z'),
        endedAt: null,
      },
      {
        name: 'TPMS_Low',
        audiences: ['ServiceFix'],
        startedAt: new Date('2026-03-01T07:00:00Z'),
        endedAt: new Date('2026-03-01T07:30:00Z'),
      },
    ],
  };

  it('round-trips protobuf and protojson, with an active alert having no end', () => {
    expect(decodeAlerts(encodeAlerts(record))).toEqual(record);
    expect(alertsToJson(record)).toBe(
      '{"alerts":[' +
        '{"name":"Charger_Fault","audiences":["Customer","Service"],"startedAt":"2026-03-01T08:59:00Z"},' +
        '{"name":"TPMS_Low","audiences":["ServiceFix"],"startedAt":"2026-03-01T07:00:00Z","endedAt":"2026-03-01T07:30:00Z"}' +
        `],"createdAt":"2026-03-01T09:00:00Z","vin":"${VIN}"}`,
    );
    expect(decodeAlertsJson(alertsToJson(record))).toEqual(record);
  });

  it('keeps an audience number it does not know', () => {
    const r = decodeAlertsJson({ vin: VIN, alerts: [{ name: 'X', audiences: [2, 7], endedAt: null }] });
    expect(r.alerts[0]?.audiences).toEqual(['Service', '7']);
    expect(r.alerts[0]?.endedAt).toBeNull();
  });
});
