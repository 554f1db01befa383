/**
 * Thrown by a consumer when an event's payload does not match the schema declared for its type and
 * version (or no schema is declared for that version). Handling it again cannot succeed, so the bus
 * parks it in the dead letters at once, with this message as the reason, and the partition moves
 * on; an operator can read the payload there and discard it (or replay it once a fix is deployed).
 */
export class InvalidEventPayload extends Error {
  override name = 'InvalidEventPayload';
}
