// Test support of the bus, for other workspaces' tests: librdkafka's mock cluster and the
// crash switch (a Kysely plugin that "kills" a process after a chosen statement).
export * from './kafka-mock';
export * from './crash-switch';
