import { parseForm, postForm } from './http';

/**
 * Walks the simulator's sign-in and consent pages over HTTP, as a browser would, and returns
 * where the simulator redirects (the app's callback with `code` and `state`, or an error).
 */
export async function signInThroughPages(
  authorizeUrl: string,
  o: { email?: string; password?: string; decision?: 'allow' | 'deny' } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
  const signIn = parseForm(await page.text());
  const consentPage = await postForm(new URL(signIn.action, authorizeUrl).toString(), {
    ...signIn.fields,
    email: o.email ?? 'demo@tesla-sim.test',
    password: o.password ?? 'cybertaco',
  });
  if (consentPage.status !== 200) throw new Error(`sign-in answered ${consentPage.status}`);
  const consent = parseForm(await consentPage.text());
  const redirect = await postForm(new URL(consent.action, authorizeUrl).toString(), {
    ...consent.fields,
    decision: o.decision ?? 'allow',
  });
  const location = redirect.headers.get('location');
  if (redirect.status !== 302 || !location) throw new Error(`consent answered ${redirect.status}`);
  return new URL(location);
}
