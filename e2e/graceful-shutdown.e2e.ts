import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE, ProblemTypes } from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { ask, dayAt, hold, seedCustomerAndCars, type Answer } from './support/api-journey';
import { startApp, type AppProcess } from './support/app-process';
import { DEMO_OPERATOR } from './support/operator';

describe('SIGTERM under load', () => {
  let database: TestDatabase;
  let app: AppProcess;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a server database');
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-sigterm-'));
    app = await startApp({
      DATABASE_URL: database.target.url,
      DATA_DIR: dataDir,
      OPERATOR_PHONE: DEMO_OPERATOR.phone,
      OPERATOR_PASSWORD: DEMO_OPERATOR.password,
      TESLA_SYNC: 'false',
    });
  });

  afterAll(async () => {
    await app.stop();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request in flight (and the peer calls they make), refuses new ones with 503, exits 0', async () => {
    const { customer, cars } = await seedCustomerAndCars(app.url, {
      cars: 3,
      phone: '+12025550168',
      vinPrefix: '7SAYGDEE5PF',
    });
    // 30 holds (each an in-process call from reservation to inventory's calendar), on 3 cars over
    // 10 periods: every one is a 201 or a real refusal (409 vehicle-unavailable), never a 5xx.
    const exited = once(app.child, 'exit');
    let sigtermSent = false;
    let firstAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const inFlight = Array.from({ length: 30 }, async (_, i) => {
      const car = cars[i % cars.length];
      if (!car) throw new Error('no car');
      const answer = await hold(app.url, customer, car.id, dayAt(40 + i), dayAt(41 + i), `sigterm-${i}`);
      firstAnswer();
      return { ...answer, afterSigterm: sigtermSent };
    });
    // SIGTERM once the server has answered one: the others have been sent and are being worked on.
    await answered;
    app.child.kill('SIGTERM');
    sigtermSent = true;
    // A request arriving once the process has taken the signal is refused, as a problem the
    // client (or the load balancer) can act on; asked until then (the signal is asynchronous).
    let late: Answer | undefined;
    for (let i = 0; i < 1000 && !late; i++) {
      const answer = await ask(app.url, '/api/v1/vehicles', { headers: {} });
      if (answer.status !== 200) late = answer;
    }
    const answers = await Promise.all(inFlight);

    // A request the server had admitted gets its real answer (201, or 409 for a real refusal). One
    // the client had sent but the server had not yet read when the signal came (on a loaded machine
    // some are still in the socket) is a new request to it: refused as "shutting down" with
    // Retry-After, having changed nothing — never a 500, never a dropped connection.
    const refused = answers.filter((a) => a.problemType === ProblemTypes.shuttingDown);
    for (const a of refused) {
      expect(a, a.body).toMatchObject({ status: 503 });
      expect(a.retryAfter).not.toBeNull();
    }
    expect(
      answers
        .filter((a) => a.status !== 201 && a.status !== 409 && a.problemType !== ProblemTypes.shuttingDown)
        .map((a) => `${a.status} ${a.body}`),
      app.output().slice(-6000),
    ).toEqual([]);
    // Most were in flight when SIGTERM came (it took only the first answer to send it) and were
    // answered in full after it.
    expect(
      answers.filter((a) => a.afterSigterm && (a.status === 201 || a.status === 409)).length,
    ).toBeGreaterThan(10);
    // While it drains it answers 503 problem+json; once drained it stops listening (status 0).
    expect(late, 'a request after SIGTERM was still served').toBeDefined();
    if (late && late.status !== 0) {
      expect(late, late.body).toMatchObject({ status: 503, problemType: ProblemTypes.shuttingDown });
      expect(late.contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(late.retryAfter).not.toBeNull();
    }
    const [code] = (await exited) as [number | null];
    expect(code, app.output().slice(-6000)).toBe(0);
    // Nothing lost and nothing half-made: exactly the answered 201s are reservations.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from reservation.reservation`.execute(
      database.db.kysely,
    );
    expect(rows[0]?.n).toBe(answers.filter((a) => a.status === 201).length);
  });
});
