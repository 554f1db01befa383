/**
 * The data stores, in the isolated subnets only: RDS PostgreSQL (Multi-AZ, encrypted, deletion
 * protected, never public, TLS forced) and MSK (IAM auth for the services, SCRAM for Tesla's
 * fleet-telemetry, which speaks librdkafka; encrypted at rest and in transit; no auto-created
 * topics). And the Secrets Manager secrets External Secrets reads (deploy/k8s/overlays/eks).
 */
import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CLUSTER_NAME } from './network';

export interface DataProps {
  vpc: ec2.IVpc;
  /** Where pods run: the only sources allowed to reach the data stores. */
  clientSubnets: ec2.ISubnet[];
}

export class DataStores extends Construct {
  readonly key: kms.Key;
  readonly database: rds.DatabaseInstance;
  readonly kafka: msk.CfnCluster;
  readonly appSecrets: secrets.ISecret[];
  readonly fleetTelemetryScram: secrets.Secret;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const dataSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    const dbSg = new ec2.SecurityGroup(this, 'DatabaseSg', { vpc: props.vpc, allowAllOutbound: false });
    const kafkaSg = new ec2.SecurityGroup(this, 'KafkaSg', { vpc: props.vpc, allowAllOutbound: false });
    for (const subnet of props.clientSubnets) {
      dbSg.addIngressRule(ec2.Peer.ipv4(subnet.ipv4CidrBlock), ec2.Port.tcp(5432), 'pods → PostgreSQL');
      kafkaSg.addIngressRule(ec2.Peer.ipv4(subnet.ipv4CidrBlock), ec2.Port.tcp(9098), 'services → MSK (IAM)');
      kafkaSg.addIngressRule(
        ec2.Peer.ipv4(subnet.ipv4CidrBlock),
        ec2.Port.tcp(9096),
        'fleet-telemetry → MSK (SCRAM)',
      );
    }

    this.database = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      vpc: props.vpc,
      vpcSubnets: dataSubnets,
      securityGroups: [dbSg],
      multiAz: true,
      publiclyAccessible: false,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      allocatedStorage: 50,
      maxAllocatedStorage: 500,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(14),
      databaseName: 'cybertacotruck',
      // username/password/host/port/dbname as JSON: ExternalSecret cybertacotruck-db-app builds the URL.
      credentials: rds.Credentials.fromGeneratedSecret('cybertacotruck', {
        secretName: 'cybertacotruck/database',
        encryptionKey: this.key,
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      parameters: { 'rds.force_ssl': '1' },
      cloudwatchLogsExports: ['postgresql'],
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
    });

    const kafkaConfig = new msk.CfnConfiguration(this, 'KafkaConfig', {
      name: `${CLUSTER_NAME}-kafka`,
      kafkaVersionsList: ['3.7.x'],
      serverProperties: [
        'auto.create.topics.enable=false',
        'default.replication.factor=3',
        'min.insync.replicas=2',
        // SCRAM clients (fleet-telemetry) are held to Kafka ACLs; IAM clients to IAM policies.
        'allow.everyone.if.no.acl.found=false',
      ].join('\n'),
    });
    this.kafka = new msk.CfnCluster(this, 'Kafka', {
      clusterName: `${CLUSTER_NAME}-kafka`,
      kafkaVersion: '3.7.x',
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: 'kafka.m7g.large',
        clientSubnets: props.vpc.selectSubnets(dataSubnets).subnetIds,
        securityGroups: [kafkaSg.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      clientAuthentication: {
        sasl: { iam: { enabled: true }, scram: { enabled: true } },
        unauthenticated: { enabled: false },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: this.key.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: kafkaConfig.attrArn, revision: 1 },
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
    });

    // MSK reads SCRAM users from secrets named AmazonMSK_* encrypted with a customer key.
    this.fleetTelemetryScram = new secrets.Secret(this, 'FleetTelemetryScram', {
      secretName: `AmazonMSK_${CLUSTER_NAME}-fleet-telemetry`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'fleet-telemetry' }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 40,
      },
    });
    new msk.CfnBatchScramSecret(this, 'KafkaScram', {
      clusterArn: this.kafka.attrArn,
      secretArnList: [this.fleetTelemetryScram.secretArn],
    });

    // Filled by whoever deploys (deploy/README.md "EKS"); INTERNAL_TOKEN and OPS_TOKEN generated here.
    const app = new secrets.Secret(this, 'AppSecret', {
      secretName: `${CLUSTER_NAME}/app`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          OPS_TOKEN: '',
          SECRET_KEYS: '',
          TESLA_CLIENT_ID: '',
          TESLA_CLIENT_SECRET: '',
          STRIPE_SECRET_KEY: '',
          STRIPE_WEBHOOK_SECRET: '',
          STRIPE_PUBLISHABLE_KEY: '',
        }),
        generateStringKey: 'INTERNAL_TOKEN',
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    const placeholder = (name: string) =>
      new secrets.Secret(this, name.replace(/[^A-Za-z]/g, ''), {
        secretName: `${CLUSTER_NAME}/${name}`,
        encryptionKey: this.key,
        secretStringValue: SecretValue.unsafePlainText('{}'), // replaced with put-secret-value before use
      });
    this.appSecrets = [
      app,
      placeholder('rds-ca-bundle'),
      placeholder('tesla-fleet-key'),
      placeholder('tesla-http-proxy-tls'),
      placeholder('fleet-telemetry-tls'),
    ];
    if (this.database.secret) this.appSecrets.push(this.database.secret);
  }
}
