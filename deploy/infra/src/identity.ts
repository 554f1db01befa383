/**
 * EKS Pod Identity: one IAM role per Kubernetes ServiceAccount, each allowed only what that pod
 * does. The services reach MSK with IAM auth — Connect, plus exactly the topics they write or read
 * and their consumer group (the same ACLs the local overlay's KafkaUsers hold). None of them reads
 * a secret: External Secrets does, for the cybertacotruck/* secrets only.
 */
import { Fn, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as msk from 'aws-cdk-lib/aws-msk';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLUSTER_NAME } from './network';

/** What each service does on Kafka (packages/bus/src/topics.ts; services' consumer groups). */
export const SERVICE_KAFKA_ACCESS: Record<string, { write: string[]; read: string[]; groups: string[] }> = {
  inventory: {
    write: ['cybertacotruck.inventory'],
    // fleet-telemetry's topics; reservation events (rental access, insights); account events (insights).
    read: [
      'tesla_V',
      'tesla_alerts',
      'tesla_connectivity',
      'cybertacotruck.reservation',
      'cybertacotruck.account',
    ],
    groups: ['inventory-telemetry', 'inventory-rental-access', 'inventory-insights'],
  },
  // Its own cancellations, lapsed holds and returns, read back for the payments they owe.
  reservation: {
    write: ['cybertacotruck.reservation'],
    read: ['cybertacotruck.reservation'],
    groups: ['reservation-payments'],
  },
  account: { write: ['cybertacotruck.account'], read: [], groups: [] },
  notification: {
    write: [],
    read: ['cybertacotruck.account', 'cybertacotruck.inventory', 'cybertacotruck.reservation'],
    groups: ['notification'],
  },
};

export const APP_NAMESPACE = 'cybertacotruck';

export interface IdentityProps {
  cluster: eks.CfnCluster;
  kafka: msk.CfnCluster;
  key: kms.IKey;
  secrets: secrets.ISecret[];
  interruptionQueue: sqs.IQueue;
  karpenterNodeRole: iam.IRole;
  /** Sealed driver's-licence photos: account may put, get and delete under driver-licences/ only. */
  licencePhotos: s3.IBucket;
}

export class PodIdentities extends Construct {
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid> → topic/<name>/<uuid>/<topic>, group/…
    const clusterName = Fn.select(1, Fn.split('/', props.kafka.attrArn));
    const clusterUuid = Fn.select(2, Fn.split('/', props.kafka.attrArn));
    const kafkaArn = (type: 'topic' | 'group', name: string) =>
      `arn:${stack.partition}:kafka:${stack.region}:${stack.account}:${type}/${clusterName}/${clusterUuid}/${name}`;

    for (const [service, access] of Object.entries(SERVICE_KAFKA_ACCESS)) {
      const statements = [
        new iam.PolicyStatement({ actions: ['kafka-cluster:Connect'], resources: [props.kafka.attrArn] }),
      ];
      if (access.write.length)
        statements.push(
          new iam.PolicyStatement({
            actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
            resources: access.write.map((t) => kafkaArn('topic', t)),
          }),
        );
      if (access.read.length)
        statements.push(
          new iam.PolicyStatement({
            actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
            resources: access.read.map((t) => kafkaArn('topic', t)),
          }),
        );
      if (access.groups.length)
        statements.push(
          new iam.PolicyStatement({
            actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
            resources: access.groups.map((g) => kafkaArn('group', g)),
          }),
        );
      if (service === 'account')
        statements.push(
          new iam.PolicyStatement({
            actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
            resources: [props.licencePhotos.arnForObjects('driver-licences/*')],
          }),
          new iam.PolicyStatement({
            actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [props.key.keyArn],
          }),
        );
      this.associate(service, APP_NAMESPACE, service, props.cluster, statements);
    }

    this.associate('external-secrets', 'external-secrets', 'external-secrets', props.cluster, [
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: props.secrets.map((s) => s.secretArn),
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.key.keyArn] }),
    ]);

    // Karpenter's controller: launch and end its own nodes (tagged with the cluster), pass its node role.
    const owned = { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${CLUSTER_NAME}`]: 'owned' } };
    this.associate('karpenter', 'kube-system', 'karpenter', props.cluster, [
      new iam.PolicyStatement({
        actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate', 'ec2:CreateTags'],
        resources: ['*'],
        conditions: { StringEquals: { [`aws:RequestTag/kubernetes.io/cluster/${CLUSTER_NAME}`]: 'owned' } },
      }),
      new iam.PolicyStatement({
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [
          `arn:${stack.partition}:ec2:${stack.region}::image/*`,
          `arn:${stack.partition}:ec2:${stack.region}:*:subnet/*`,
          `arn:${stack.partition}:ec2:${stack.region}:*:security-group/*`,
          `arn:${stack.partition}:ec2:${stack.region}:*:launch-template/*`,
        ],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: ['*'],
        conditions: owned,
      }),
      new iam.PolicyStatement({
        actions: [
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeImages',
          'ec2:DescribeInstances',
          'ec2:DescribeInstanceTypeOfferings',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplates',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSpotPriceHistory',
          'ec2:DescribeSubnets',
          'pricing:GetProducts',
          'ssm:GetParameter',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [props.karpenterNodeRole.roleArn] }),
      new iam.PolicyStatement({
        actions: [
          'iam:CreateInstanceProfile',
          'iam:TagInstanceProfile',
          'iam:AddRoleToInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:DeleteInstanceProfile',
          'iam:GetInstanceProfile',
        ],
        resources: [`arn:${stack.partition}:iam::${stack.account}:instance-profile/*`],
      }),
      new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [props.cluster.attrArn] }),
      new iam.PolicyStatement({
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        resources: [props.interruptionQueue.queueArn],
      }),
    ]);

    // The AWS Load Balancer Controller (ALB for inventory, NLB for fleet-telemetry). Its complete
    // upstream policy (iam_policy.json of the controller's release) should replace this one when
    // deploying: deploy/README.md.
    this.associate(
      'aws-load-balancer-controller',
      'kube-system',
      'aws-load-balancer-controller',
      props.cluster,
      [
        new iam.PolicyStatement({
          actions: [
            'elasticloadbalancing:*',
            'ec2:Describe*',
            'ec2:CreateSecurityGroup',
            'ec2:CreateTags',
            'ec2:AuthorizeSecurityGroupIngress',
            'ec2:RevokeSecurityGroupIngress',
            'ec2:DeleteSecurityGroup',
            'acm:DescribeCertificate',
            'acm:ListCertificates',
            'wafv2:GetWebACLForResource',
            'shield:GetSubscriptionState',
          ],
          resources: ['*'],
        }),
      ],
    );
  }

  private associate(
    name: string,
    namespace: string,
    serviceAccount: string,
    cluster: eks.CfnCluster,
    statements: iam.PolicyStatement[],
  ): void {
    const role = new iam.Role(this, `${name}Role`, {
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
      inlinePolicies: { access: new iam.PolicyDocument({ statements }) },
    });
    new eks.CfnPodIdentityAssociation(this, `${name}Association`, {
      clusterName: cluster.ref,
      namespace,
      serviceAccount,
      roleArn: role.roleArn,
    });
    this.roles.set(name, role);
  }
}
