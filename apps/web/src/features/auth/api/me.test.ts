import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Me } from '@cybertacotruck/contracts';
import { meKey, setMe } from './me';

const signedIn = { user: { id: 'u-1' }, csrfToken: 'fresh' } as unknown as Me;

describe('setMe', () => {
  it('wins over a /me request sent before it: the old answer (nobody signed in) does not put the old state back', async () => {
    const queryClient = new QueryClient();
    let answerOld: (me: Me | null) => void = () => undefined;
    // A /me asked before the registration (no cookie yet): its 401 answer arrives afterwards.
    const inFlight = queryClient
      .query({
        queryKey: meKey,
        queryFn: () =>
          new Promise<Me | null>((resolve) => {
            answerOld = resolve;
          }),
      })
      .catch(() => 'cancelled');
    await setMe(queryClient, () => signedIn);
    answerOld(null);
    expect(await inFlight).toBe('cancelled');
    expect(queryClient.getQueryData(meKey)).toBe(signedIn);
  });
});
