import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CN_TOKEN_PATH, type SimContext } from '../context';
import type { SimAccount } from '../fleet/seed';
import { consentPage, errorPage, signInPage } from './pages';
import { KNOWN_SCOPES, OAuthError, type TokenResponse } from './tokens';

const TXN_TTL_MS = 15 * 60_000;
/** The name the consent and sign-in pages give the one registered app. */
const CLIENT_NAME = 'Tesla Sim App';

/** An authorization request that passed validation, waiting for sign-in and consent. */
interface Transaction {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce?: string;
  challenge?: string;
  account?: SimAccount;
  expiresAtMs: number;
}

type Query = Record<string, string | undefined>;
type Form = Record<string, string | string[] | undefined>;

const field = (form: Form | undefined, name: string): string | undefined => {
  const v = form?.[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Tesla's OAuth 2.0 endpoints: authorize (sign-in + consent pages) and token. Auth is never billed. */
export async function oauthRoutes(app: FastifyInstance, { ctx }: { ctx: SimContext }): Promise<void> {
  const txns = new Map<string, Transaction>();
  const action = '/oauth2/v3/authorize';

  const html = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  const redirectBack = (
    reply: FastifyReply,
    redirectUri: string,
    params: Record<string, string>,
  ): FastifyReply => {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    target.searchParams.set('issuer', ctx.urls.issuer());
    return reply.code(302).header('location', target.toString()).header('cache-control', 'no-store').send();
  };

  const liveTxn = (id: string | undefined): Transaction | undefined => {
    const txn = id ? txns.get(id) : undefined;
    if (txn && txn.expiresAtMs < ctx.clock.nowMs()) {
      txns.delete(id ?? '');
      return undefined;
    }
    return txn;
  };

  app.get('/oauth2/v3/authorize', async (request, reply) => {
    const q = request.query as Query;
    // Until client and redirect URI are known good, errors are shown here, never redirected.
    if (q.client_id !== ctx.tokens.client.clientId)
      return html(reply, 400, errorPage('Unknown application', 'The client_id is not registered.'));
    if (!q.redirect_uri || !ctx.tokens.isAllowedRedirect(q.redirect_uri))
      return html(
        reply,
        400,
        errorPage('Invalid redirect', 'The redirect_uri is not registered for this application.'),
      );
    const state = q.state ?? '';
    const fail = (error: string, description: string): FastifyReply =>
      redirectBack(reply, q.redirect_uri ?? '', {
        error,
        error_description: description,
        ...(state ? { state } : {}),
      });
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (!state) return fail('invalid_request', 'state is required');
    const scopes = (q.scope ?? '').split(/[ +]/).filter(Boolean);
    if (scopes.length === 0) return fail('invalid_scope', 'scope is required');
    const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) return fail('invalid_scope', `unknown scope: ${unknown.join(' ')}`);
    if (q.code_challenge !== undefined && (q.code_challenge_method ?? 'S256') !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256');
    if (q.code_challenge_method !== undefined && q.code_challenge === undefined)
      return fail('invalid_request', 'code_challenge is required with code_challenge_method');
    const id = randomBytes(16).toString('hex');
    txns.set(id, {
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      scopes,
      state,
      nonce: q.nonce,
      challenge: q.code_challenge,
      expiresAtMs: ctx.clock.nowMs() + TXN_TTL_MS,
    });
    return html(reply, 200, signInPage({ txn: id, action, demo: demoOffer(scopes) }));
  });

  /** The seeded owners, offered on the sign-in page the way a sandbox offers its test users. */
  const demoOffer = (scopes: string[]) => ({
    action: `${action}/demo`,
    clientName: CLIENT_NAME,
    scopes,
    accounts: ctx.world.accounts.map((a) => ({
      email: a.email,
      name: a.name,
      region: a.region,
      vehicles: ctx.world.vehiclesOf(a.email).length,
    })),
  });

  /** The owner allowed the app: back to it with a single-use code. */
  const grant = (reply: FastifyReply, txn: Transaction & { account: SimAccount }): FastifyReply => {
    const code = ctx.tokens.createCode({
      grantAccount: txn.account,
      clientId: txn.clientId,
      redirectUri: txn.redirectUri,
      scopes: txn.scopes,
      nonce: txn.nonce,
      challenge: txn.challenge,
    });
    return redirectBack(reply, txn.redirectUri, { code, state: txn.state });
  };

  app.post('/oauth2/v3/authorize', async (request, reply) => {
    const form = request.body as Form | undefined;
    const id = field(form, 'txn');
    const txn = liveTxn(id);
    if (!txn || !id)
      return html(reply, 400, errorPage('Session expired', 'Start signing in again from the app.'));
    const email = (field(form, 'email') ?? '').trim();
    const account = ctx.world.account(email);
    if (!account || account.password !== field(form, 'password'))
      return html(
        reply,
        401,
        signInPage({
          txn: id,
          action,
          email,
          error: 'The email or password is incorrect.',
          demo: demoOffer(txn.scopes),
        }),
      );
    txn.account = account;
    return html(
      reply,
      200,
      consentPage({
        txn: id,
        action: `${action}/consent`,
        clientName: CLIENT_NAME,
        scopes: txn.scopes,
        email: account.email,
      }),
    );
  });

  app.post('/oauth2/v3/authorize/consent', async (request, reply) => {
    const form = request.body as Form | undefined;
    const id = field(form, 'txn');
    const txn = liveTxn(id);
    if (!txn?.account || !id)
      return html(reply, 400, errorPage('Session expired', 'Start signing in again from the app.'));
    txns.delete(id);
    if (field(form, 'decision') !== 'allow')
      return redirectBack(reply, txn.redirectUri, { error: 'access_denied', state: txn.state });
    return grant(reply, { ...txn, account: txn.account });
  });

  // A demo account picked on the sign-in page: signed in as that owner, and allowed, in one click.
  app.post('/oauth2/v3/authorize/demo', async (request, reply) => {
    const form = request.body as Form | undefined;
    const id = field(form, 'txn');
    const txn = liveTxn(id);
    if (!txn || !id)
      return html(reply, 400, errorPage('Session expired', 'Start signing in again from the app.'));
    const account = ctx.world.account((field(form, 'email') ?? '').trim());
    if (!account)
      return html(
        reply,
        400,
        signInPage({ txn: id, action, error: 'No such demo account.', demo: demoOffer(txn.scopes) }),
      );
    txns.delete(id);
    if (field(form, 'decision') !== 'allow')
      return redirectBack(reply, txn.redirectUri, { error: 'access_denied', state: txn.state });
    return grant(reply, { ...txn, account });
  });

  // One token endpoint for NA and EU, China's own (auth.tesla.cn) for the CN audience.
  const tokenEndpoint =
    (endpoint: 'global' | 'cn') => async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const p: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') p[k] = v;
      void reply.header('cache-control', 'no-store');
      try {
        let tokens: TokenResponse;
        switch (p.grant_type) {
          case 'authorization_code':
            tokens = await ctx.tokens.exchangeCode(p);
            break;
          case 'refresh_token':
            tokens = await ctx.tokens.refresh(p);
            break;
          case 'client_credentials':
            tokens = await ctx.tokens.clientCredentials(p, endpoint);
            break;
          default:
            throw new OAuthError(
              400,
              'unsupported_grant_type',
              `grant_type ${p.grant_type ?? '(missing)'} is not supported`,
            );
        }
        return await reply.code(200).send(tokens);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        return reply.code(error.status).send({ error: error.code, error_description: error.message });
      }
    };
  app.post('/oauth2/v3/token', tokenEndpoint('global'));
  app.post(CN_TOKEN_PATH, tokenEndpoint('cn'));

  app.get('/oauth2/v3/discovery/keys', async () => ctx.tokens.jwks());

  app.get('/oauth2/v3/.well-known/openid-configuration', async () => ({
    issuer: ctx.urls.issuer(),
    authorization_endpoint: `${ctx.urls.issuer()}/authorize`,
    token_endpoint: `${ctx.urls.issuer()}/token`,
    jwks_uri: `${ctx.urls.issuer()}/discovery/keys`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: KNOWN_SCOPES,
    id_token_signing_alg_values_supported: ['ES256'],
  }));
}
