/** What `aws-msk-iam-sasl-signer-js`'s `generateAuthToken` answers. */
export interface MskAuthToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiryTime: number;
}
export type MskTokenSigner = (o: { region: string }) => Promise<MskAuthToken>;

/**
 * The signer is loaded on first use: it brings the AWS SDK's credential chain, which a process
 * without MSK IAM never needs to load.
 */
const defaultSigner: MskTokenSigner = async (o) => {
  const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
  return generateAuthToken(o);
};

export interface MskIamTokenProviderOptions {
  region: string;
  /** Default: the signer's `generateAuthToken` (the AWS default credential chain: env, Pod Identity, IRSA…). */
  sign?: MskTokenSigner;
  now?: () => number;
  /**
   * A token is replaced once less than this share of its lifetime is left (default 0.2: a
   * 15-minute token is renewed after 12), so every connection (and kafkajs's re-authentication
   * before its session ends) gets a token with minutes to spare.
   */
  refreshAtRemaining?: number;
}

/**
 * kafkajs's `oauthBearerProvider` for Amazon MSK IAM: one signed token shared by every connection
 * of the client, renewed before it expires; concurrent callers wait on one signing. A failed
 * signing is not cached: the next connection attempt signs again.
 */
export function mskIamTokenProvider(o: MskIamTokenProviderOptions): () => Promise<{ value: string }> {
  const sign = o.sign ?? defaultSigner;
  const now = o.now ?? Date.now;
  const share = o.refreshAtRemaining ?? 0.2;
  let current: { token: string; renewAt: number } | null = null;
  let signing: Promise<{ token: string; renewAt: number }> | null = null;
  return async () => {
    if (current && now() < current.renewAt) return { value: current.token };
    signing ??= (async () => {
      try {
        const signedAt = now();
        const { token, expiryTime } = await sign({ region: o.region });
        const lifetime = Math.max(0, expiryTime - signedAt);
        current = { token, renewAt: expiryTime - lifetime * share };
        return current;
      } finally {
        signing = null;
      }
    })();
    return { value: (await signing).token };
  };
}
