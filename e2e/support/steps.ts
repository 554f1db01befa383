import { expect, it } from 'vitest';

/**
 * Steps of a multi-process journey: `step` is `it` that remembers a failure, so `afterAll` can print
 * every process's output only when something went wrong (`failed()`).
 */
export function journeySteps(defaultTimeoutMs?: number) {
  let failed = false;
  const step = (name: string, body: () => Promise<void> | void, timeoutMs = defaultTimeoutMs) => {
    it(
      name,
      async () => {
        try {
          await body();
        } catch (error) {
          failed = true;
          throw error;
        }
      },
      timeoutMs,
    );
  };
  return { step, failed: () => failed };
}

export interface ApiCall {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The status expected (200 unless said); another fails the test with the answer's text. */
  status?: number;
}

/** JSON calls to `<base()>/api/v1<path>` that expect a status; redirects are answers, not followed. */
export function apiAt(base: () => string) {
  return async <T>(path: string, o: ApiCall = {}): Promise<T> => {
    const response = await fetch(`${base()}/api/v1${path}`, {
      method: o.method ?? 'GET',
      headers: o.headers ?? {},
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
      redirect: 'manual',
    });
    const text = await response.text();
    expect(response.status, `${o.method ?? 'GET'} ${path}: ${text}`).toBe(o.status ?? 200);
    return (text ? JSON.parse(text) : null) as T;
  };
}
