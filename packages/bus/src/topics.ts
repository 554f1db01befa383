/**
 * Kafka topic of an event: one per emitting domain (`reservation.reservation.confirmed` →
 * `cybertacotruck.reservation`), so the events of one aggregate (the key) stay in order.
 */
export const TOPIC_PREFIX = 'cybertacotruck.';

export function topicOf(eventType: string): string {
  const domain = eventType.split('.')[0];
  if (!domain) throw new Error(`event type without a domain: ${eventType}`);
  return `${TOPIC_PREFIX}${domain}`;
}
