// Operator command: register this app's domain as a Tesla partner account in every region.
//   TESLA_CLIENT_ID=… TESLA_CLIENT_SECRET=… npm run tesla:register-partner -- --domain fleet.example.com
// Host the public key at https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem first.
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '@cybertacotruck/platform';
import { FLEET_API_BASE_URLS, TeslaOAuthClient, registerPartnerAccount } from '@cybertacotruck/tesla';
import { InventoryConfigSchema } from '../config';

const { values } = parseArgs({ options: { domain: { type: 'string' } } });
try {
  const config = parseConfig(InventoryConfigSchema, process.env);
  if (!config.TESLA_CLIENT_ID || !config.TESLA_CLIENT_SECRET)
    throw new ConfigError([
      'TESLA_CLIENT_ID and TESLA_CLIENT_SECRET are required: a partner token is the app’s own',
    ]);
  if (!values.domain) throw new ConfigError(['--domain is required, e.g. --domain fleet.example.com']);
  const results = await registerPartnerAccount({
    domain: values.domain,
    regions: FLEET_API_BASE_URLS,
    oauth: new TeslaOAuthClient({
      clientId: config.TESLA_CLIENT_ID,
      clientSecret: config.TESLA_CLIENT_SECRET,
      redirectUri: config.TESLA_REDIRECT_URI ?? 'https://localhost/',
      authorizeUrl: config.TESLA_AUTHORIZE_URL,
      tokenUrl: config.TESLA_TOKEN_URL,
      audience: config.TESLA_AUDIENCE,
      scopes: config.TESLA_SCOPES.split(' '),
    }),
  });
  for (const r of results)
    console.log(`${r.region}  ${r.registered ? 'registered' : `FAILED (${r.error ?? ''})`}  ${r.baseUrl}`);
  process.exitCode = results.every((r) => r.registered) ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
