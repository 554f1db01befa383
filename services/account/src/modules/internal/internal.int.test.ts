import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserContact, UserRecipientList } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import { operatorEnv, OPERATOR } from '../../../testing';

const INTERNAL_TOKEN = 'internal-token-for-tests-0123456789';
const internal = { 'x-internal-token': INTERNAL_TOKEN };

describe.each(TEST_ENGINES)('internal contacts for the notification service on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, [accountService], { ...operatorEnv, INTERNAL_TOKEN });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('lists every operator with their preferences, and a user’s contact, to internal callers only', async () => {
    const operators = await t.app.inject({ url: '/api/v1/internal/operators', headers: internal });
    expect(operators.statusCode, operators.body).toBe(200);
    const { items } = operators.json<UserRecipientList>();
    expect(items).toHaveLength(1);
    expect(items[0]?.contact).toMatchObject({ role: 'operator', phone: OPERATOR.phone });
    expect(items[0]?.preferences.language).toBe('en');
    const id = items[0]?.contact.id ?? '';

    const contact = await t.app.inject({ url: `/api/v1/internal/users/${id}/contact`, headers: internal });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json<UserContact>()).toEqual(items[0]?.contact);

    // Through peers, as the notification service calls it in one process.
    const { body } = await t.app.peers.call<UserRecipientList>('account', {
      method: 'GET',
      path: '/internal/operators',
    });
    expect(body.items).toHaveLength(1);
  });

  it('refuses browsers (403), unknown users (404) and bad ids (400) as problems', async () => {
    const forbidden = await t.app.inject({ url: '/api/v1/internal/operators' });
    expect(forbidden.statusCode).toBe(403);
    expect(String(forbidden.headers['content-type'])).toContain('application/problem+json');
    const wrong = await t.app.inject({
      url: '/api/v1/internal/operators',
      headers: { 'x-internal-token': 'x'.repeat(34) },
    });
    expect(wrong.statusCode).toBe(403);
    const unknown = await t.app.inject({
      url: '/api/v1/internal/users/00000000-0000-4000-8000-000000000999/contact',
      headers: internal,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ type: string }>().type).toBe('urn:cybertacotruck:problem:user-not-found');
    const bad = await t.app.inject({ url: '/api/v1/internal/users/42/contact', headers: internal });
    expect(bad.statusCode).toBe(400);
  });
});
