import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** The logger Kafka clients write to (pino's shape; the bus's BusLogger fits). */
export interface KafkaLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Fields of kafkajs's log lines that could carry a credential; dropped before logging. */
const SECRET_FIELD = /sasl|password|token|secret|authorization/i;

function withoutSecrets(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) if (!SECRET_FIELD.test(key)) out[key] = value;
  return out;
}

/**
 * kafkajs's lines go to the app's logger; its chatty info level stays out. `errorsAs: 'warn'`
 * for clients whose owner logs an outage once itself (the bus's relay and consumers): kafkajs
 * reports every refused connection of an outage as an error.
 */
export function kafkaLogCreator(logger: KafkaLogger, errorsAs: 'warn' | 'error'): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      const extra = { kafka: withoutSecrets(rest) };
      if (level <= logLevel.ERROR) logger[errorsAs](extra, `kafkajs: ${message}`);
      else if (level === logLevel.WARN) logger.warn(extra, `kafkajs: ${message}`);
    };
}
