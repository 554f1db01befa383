import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kafkaJsConfig } from './client';
import { mskIamTokenProvider, type MskTokenSigner } from './msk-iam';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The token is a base64url presigned URL: decode it to read what was signed. */
const signedUrl = (token: string) => new URL(Buffer.from(token, 'base64url').toString('utf8'));

describe('MSK IAM (SASL/OAUTHBEARER through aws-msk-iam-sasl-signer-js)', () => {
  // Only the signer's credential lookup is stubbed: the AWS default chain finds these in the
  // environment first, so no network (no instance metadata, no STS) is touched.
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', ACCESS_KEY);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET_KEY);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('the client option signs a real kafka-cluster:Connect token for the region (credential lookup stubbed via AWS_* env, no network)', async () => {
    const options = kafkaJsConfig({
      brokers: ['b-1.msk:9098'],
      ssl: {},
      sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' },
    });
    const sasl = options.sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
    expect(sasl.mechanism).toBe('oauthbearer');
    const { value } = await sasl.oauthBearerProvider();
    const url = signedUrl(value);
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${ACCESS_KEY}/\\d{8}/eu-west-1/kafka-cluster/aws4_request$`),
    );
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBe(900);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // The secret key signs; it never travels.
    expect(url.toString()).not.toContain(SECRET_KEY);
  });

  it('shares one token between connections and renews it before it expires (real signer, credential lookup stubbed via AWS_* env)', async () => {
    let clock = Date.now();
    const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
    const signings: number[] = [];
    const sign: MskTokenSigner = async (o) => {
      signings.push(clock);
      const token = await generateAuthToken(o);
      // The real token lives 15 minutes from the real clock; seen from the test's clock.
      return { token: token.token, expiryTime: clock + (token.expiryTime - Date.now()) };
    };
    const provider = mskIamTokenProvider({ region: 'us-east-1', sign, now: () => clock });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(signings).toHaveLength(1);
    expect(b.value).toBe(a.value);
    clock += 11 * 60_000; // 4 of 15 minutes left: still good
    expect((await provider()).value).toBe(a.value);
    expect(signings).toHaveLength(1);
    clock += 90_000; // 2.5 minutes left: renewed before it runs out
    await provider();
    expect(signings).toHaveLength(2);
  });

  it('a failed signing is not kept: the next connection signs again', async () => {
    let fail = true;
    const sign: MskTokenSigner = () =>
      fail
        ? Promise.reject(new Error('no credentials'))
        : Promise.resolve({ token: 'tok', expiryTime: Date.now() + 900_000 });
    const provider = mskIamTokenProvider({ region: 'us-east-1', sign });
    await expect(provider()).rejects.toThrow('no credentials');
    fail = false;
    await expect(provider()).resolves.toEqual({ value: 'tok' });
  });
});
