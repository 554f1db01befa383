import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { pendingMigrations, type Database, type SchemaMigrations } from '@cybertacotruck/db';

const Check = Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const Health = Type.Object({ status: Type.Enum(['ok', 'unavailable']), checks: Type.Array(Check) });

/**
 * /health/live: the process answers. /health/ready: the database answers and every mounted
 * service's migrations are applied (once seen applied, that check is not repeated).
 */
export function registerHealth(
  app: FastifyInstance,
  db: Database,
  schemas: SchemaMigrations[],
  /** True once the process has begun shutting down (drain.ts). */
  shuttingDown: () => boolean = () => false,
): void {
  let migrated = false;
  let closing = false;
  app.addHook('onClose', (_instance, done) => {
    closing = true;
    done();
  });

  app.get(
    '/health/live',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: Health } } },
    () => ({ status: 'ok' as const, checks: [] }),
  );

  app.get(
    '/health/ready',
    { schema: { tags: ['health'], summary: 'Readiness', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const checks: Array<{ name: string; ok: boolean; detail?: string }> = [];
      if (closing || shuttingDown()) checks.push({ name: 'process', ok: false, detail: 'shutting down' });
      try {
        await db.ping();
        checks.push({ name: 'database', ok: true });
        if (!migrated) {
          const pending = (
            await Promise.all(
              schemas.map(async (s) => (await pendingMigrations(db, s)).map((m) => `${s.schema}/${m}`)),
            )
          ).flat();
          migrated = pending.length === 0;
          checks.push(
            migrated
              ? { name: 'migrations', ok: true }
              : { name: 'migrations', ok: false, detail: `pending: ${pending.join(', ')}` },
          );
        } else {
          checks.push({ name: 'migrations', ok: true });
        }
      } catch {
        checks.push({ name: 'database', ok: false, detail: 'database unreachable' });
      }
      const ok = checks.every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
}
