/**
 * CDK assertions on the synthesized template (offline, once for the file): encryption at rest,
 * data only in isolated subnets, deletion protection, no public database, least-privilege IAM per
 * service. No AWS credentials: the account and region are fixed.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_KAFKA_ACCESS } from './identity';
import { DATA_SUBNETS_CIDR } from './network';
import { CybertacotruckStack } from './stack';

let template: Template;
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (type: string): Array<[string, Resource]> =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

beforeAll(() => {
  const app = new App();
  const stack = new CybertacotruckStack(app, 'Test', {
    env: { account: '111122223333', region: 'eu-west-1' },
    adminCidrs: ['203.0.113.0/24'],
  });
  template = Template.fromStack(stack);
}, 60_000);

/** 10.40.128.0/22 contains 10.40.129.0/24. */
function inside(cidr: string, block: string): boolean {
  const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const [ip = '', bits = '32'] = cidr.split('/');
  const [base = '', baseBits = '32'] = block.split('/');
  const size = 2 ** (32 - Number(baseBits));
  const start = toInt(base);
  return Number(bits) >= Number(baseBits) && toInt(ip) >= start && toInt(ip) < start + size;
}

const dataSubnetIds = () =>
  resources('AWS::EC2::Subnet')
    .filter(([, r]) => JSON.stringify(r.Properties.Tags).includes('"data"'))
    .map(([id]) => id);

describe('the network', () => {
  it('has three isolated data subnets inside DATA_SUBNETS_CIDR, with no route out', () => {
    const data = resources('AWS::EC2::Subnet').filter(([, r]) =>
      JSON.stringify(r.Properties.Tags).includes('"data"'),
    );
    expect(data).toHaveLength(3);
    for (const [, subnet] of data) {
      expect(inside(String(subnet.Properties.CidrBlock), DATA_SUBNETS_CIDR)).toBe(true);
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    const ids = data.map(([id]) => id);
    const tablesOfData = resources('AWS::EC2::SubnetRouteTableAssociation')
      .filter(([, a]) => ids.includes((a.Properties.SubnetId as { Ref: string }).Ref))
      .map(([, a]) => (a.Properties.RouteTableId as { Ref: string }).Ref);
    const routesOut = resources('AWS::EC2::Route').filter(([, r]) =>
      tablesOfData.includes((r.Properties.RouteTableId as { Ref: string }).Ref),
    );
    expect(routesOut).toEqual([]);
  });
});

describe('RDS PostgreSQL', () => {
  it('is Multi-AZ, encrypted, deletion protected, never public and forces TLS', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      DeletionProtection: true,
      PubliclyAccessible: false,
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });
  it('lives in the data subnets only', () => {
    const [[, group] = ['', { Type: '', Properties: {} }]] = resources('AWS::RDS::DBSubnetGroup');
    const ids = (group.Properties.SubnetIds as Array<{ Ref: string }>).map((s) => s.Ref).sort();
    expect(ids).toEqual(dataSubnetIds().sort());
  });
});

describe('MSK', () => {
  it('authenticates by IAM (and SCRAM for fleet-telemetry), never unauthenticated, encrypted at rest and in transit', () => {
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ClientAuthentication: {
        Sasl: { Iam: { Enabled: true }, Scram: { Enabled: true } },
        Unauthenticated: { Enabled: false },
      },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: Match.anyValue() },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
    });
  });
  it('puts its brokers in the data subnets, never public, and creates no topic on its own', () => {
    const [[, kafka] = ['', { Type: '', Properties: {} }]] = resources('AWS::MSK::Cluster');
    const info = kafka.Properties.BrokerNodeGroupInfo as {
      ClientSubnets: Array<{ Ref: string }>;
      ConnectivityInfo: unknown;
    };
    expect(info.ClientSubnets.map((s) => s.Ref).sort()).toEqual(dataSubnetIds().sort());
    expect(info.ConnectivityInfo).toEqual({ PublicAccess: { Type: 'DISABLED' } });
    template.hasResourceProperties('AWS::MSK::Configuration', {
      ServerProperties: Match.stringLikeRegexp('auto.create.topics.enable=false'),
    });
  });
});

describe('encryption at rest', () => {
  it('encrypts every secret, the image repository and the cluster Secrets with the KMS key', () => {
    for (const [id, secret] of resources('AWS::SecretsManager::Secret'))
      expect(secret.Properties.KmsKeyId, id).toBeDefined();
    template.hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS' },
      ImageTagMutability: 'IMMUTABLE',
    });
    template.hasResourceProperties('AWS::EKS::Cluster', { EncryptionConfig: [{ Resources: ['secrets'] }] });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('least privilege per service', () => {
  const policyOf = (serviceAccount: string) => {
    const association = resources('AWS::EKS::PodIdentityAssociation').find(
      ([, a]) => a.Properties.ServiceAccount === serviceAccount,
    );
    if (!association) throw new Error(`no Pod Identity association for ${serviceAccount}`);
    const roleId = (association[1].Properties.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '';
    const role = (template.toJSON() as { Resources: Record<string, Resource | undefined> }).Resources[roleId];
    if (!role) throw new Error(`no role ${roleId}`);
    return JSON.stringify(role.Properties.Policies);
  };

  it.each(Object.entries(SERVICE_KAFKA_ACCESS))(
    '%s: only its topics and groups, no secrets, no wildcards',
    (service, access) => {
      const policy = policyOf(service);
      expect(policy).not.toMatch(/"Resource":"\*"|kafka-cluster:\*|secretsmanager|"Action":"\*"/);
      const topics = [...policy.matchAll(/:topic\/"?,?[^"]*?"?\/[^"]*?"?\/([A-Za-z0-9._-]+)"/g)].map(
        (m) => m[1],
      );
      const named = [...policy.matchAll(/\/([A-Za-z0-9._-]+)"\]\]\}/g)].map((m) => m[1]);
      expect(new Set([...topics, ...named])).toEqual(
        new Set([...access.write, ...access.read, ...access.groups]),
      );
      expect(policy.includes('kafka-cluster:WriteData')).toBe(access.write.length > 0);
      expect(policy.includes('kafka-cluster:ReadData')).toBe(access.read.length > 0);
    },
  );

  it('lets only account put, get and delete licence photos, under driver-licences/ in their private bucket', () => {
    const [[bucketId, bucket] = ['', undefined]] = resources('AWS::S3::Bucket');
    expect(JSON.stringify(bucket?.Properties)).toContain('aws:kms');
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const account = policyOf('account');
    expect(account).toContain('s3:PutObject');
    expect(account).toContain(bucketId);
    expect(account).toContain('/driver-licences/*');
    expect(account).not.toContain('s3:*');
    for (const other of ['inventory', 'reservation', 'notification'])
      expect(policyOf(other), other).not.toContain('s3:');
  });

  it('lets External Secrets read only the cybertacotruck secrets', () => {
    const policy = policyOf('external-secrets');
    expect(policy).toContain('secretsmanager:GetSecretValue');
    expect(policy).not.toMatch(/"Resource":"\*"/);
  });
});
