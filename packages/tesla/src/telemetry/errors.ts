/** A telemetry record that cannot be read at all (corrupt bytes, not JSON, not an object). */
export class TelemetryDecodeError extends Error {
  constructor(
    readonly recordType: 'V' | 'connectivity' | 'alerts' | 'errors',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot decode Fleet Telemetry ${recordType} record: ${detail}`, options);
    this.name = new.target.name;
  }
}

/** A record this build cannot express on the wire (e.g. a field name with no known number). */
export class TelemetryEncodeError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}
