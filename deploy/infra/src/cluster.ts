/**
 * EKS from the CloudFormation resources (aws-eks' L2 Cluster needs a kubectl Lambda layer package
 * that is not installed; these synthesize offline without it): the control plane with envelope
 * encryption of Secrets and API access entries, a managed node group for the operators and
 * Karpenter, the add-ons (VPC CNI with network policies on, Pod Identity agent), and Karpenter's
 * prerequisites (node role + access entry, interruption queue, discovery tags).
 */
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLUSTER_NAME } from './network';

export interface ClusterProps {
  vpc: ec2.Vpc;
  key: kms.IKey;
  /** CIDRs allowed to the public API endpoint (deploy/README.md: your office or VPN). */
  adminCidrs: string[];
}

export class EksCluster extends Construct {
  readonly cluster: eks.CfnCluster;
  readonly interruptionQueue: sqs.Queue;
  readonly karpenterNodeRole: iam.Role;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const role = new iam.Role(this, 'ClusterRole', {
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
    });
    const nodeSubnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    this.cluster = new eks.CfnCluster(this, 'Cluster', {
      name: CLUSTER_NAME,
      version: '1.32',
      roleArn: role.roleArn,
      resourcesVpcConfig: {
        subnetIds: nodeSubnets,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: props.adminCidrs,
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: [{ provider: { keyArn: props.key.keyArn }, resources: ['secrets'] }],
      logging: {
        clusterLogging: { enabledTypes: [{ type: 'api' }, { type: 'audit' }, { type: 'authenticator' }] },
      },
      tags: [{ key: 'karpenter.sh/discovery', value: CLUSTER_NAME }],
    });

    const nodeRole = (name: string, roleName?: string) =>
      new iam.Role(this, name, {
        ...(roleName ? { roleName } : {}),
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [
          'AmazonEKSWorkerNodePolicy',
          'AmazonEC2ContainerRegistryReadOnly',
          'AmazonEKS_CNI_Policy',
          'AmazonSSMManagedInstanceCore',
        ].map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      });
    const systemNodes = nodeRole('SystemNodeRole');
    new eks.CfnNodegroup(this, 'SystemNodes', {
      clusterName: this.cluster.ref,
      nodeRole: systemNodes.roleArn,
      subnets: nodeSubnets,
      instanceTypes: ['m7i.large'],
      amiType: 'AL2023_x86_64_STANDARD',
      scalingConfig: { minSize: 2, desiredSize: 3, maxSize: 4 },
      labels: { 'cybertacotruck/pool': 'system' },
      updateConfig: { maxUnavailable: 1 },
    });
    for (const name of ['vpc-cni', 'eks-pod-identity-agent', 'coredns', 'kube-proxy']) {
      new eks.CfnAddon(this, `Addon-${name}`, {
        clusterName: this.cluster.ref,
        addonName: name,
        resolveConflicts: 'OVERWRITE',
        // The VPC CNI enforces NetworkPolicies (deploy/k8s/components/network-policies).
        ...(name === 'vpc-cni'
          ? { configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }) }
          : {}),
      });
    }

    // Karpenter: the role its nodes run as (EC2NodeClass spec.role), allowed into the cluster.
    this.karpenterNodeRole = nodeRole('KarpenterNodeRole', `KarpenterNodeRole-${CLUSTER_NAME}`);
    new eks.CfnAccessEntry(this, 'KarpenterNodeAccess', {
      clusterName: this.cluster.ref,
      principalArn: this.karpenterNodeRole.roleArn,
      type: 'EC2_LINUX',
    });
    this.interruptionQueue = new sqs.Queue(this, 'KarpenterInterruptions', {
      queueName: CLUSTER_NAME,
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    for (const [name, pattern] of [
      ['Health', { source: ['aws.health'], detailType: ['AWS Health Event'] }],
      ['Spot', { source: ['aws.ec2'], detailType: ['EC2 Spot Instance Interruption Warning'] }],
      ['Rebalance', { source: ['aws.ec2'], detailType: ['EC2 Instance Rebalance Recommendation'] }],
      ['State', { source: ['aws.ec2'], detailType: ['EC2 Instance State-change Notification'] }],
    ] as const) {
      new events.Rule(this, `Karpenter${name}`, {
        eventPattern: { source: [...pattern.source], detailType: [...pattern.detailType] },
        targets: [new targets.SqsQueue(this.interruptionQueue)],
      });
    }
  }
}
