/**
 * `npx tsx deploy/infra/src/app.ts` synthesizes the stack into deploy/infra/cdk.out (offline; no
 * AWS credentials needed); `cdk deploy --app deploy/infra/cdk.out` deploys it (deploy/README.md).
 * Context: account, region, adminCidrs (comma-separated CIDRs allowed to the EKS API endpoint).
 */
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { CybertacotruckStack } from './stack';

const app = new App({ outdir: fileURLToPath(new URL('../cdk.out', import.meta.url)) });
const context = (key: string, fallback: string) =>
  String(app.node.tryGetContext(key) ?? process.env[`CDK_${key.toUpperCase()}`] ?? fallback);
new CybertacotruckStack(app, 'Cybertacotruck', {
  env: { account: context('account', '111122223333'), region: context('region', 'eu-west-1') },
  // 203.0.113.0/24 is a documentation range: set your own before deploying.
  adminCidrs: context('adminCidrs', '203.0.113.0/24').split(','),
});
app.synth();
