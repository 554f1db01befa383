/** Everything cybertacotruck needs on AWS, as one stack (deploy/README.md "EKS"). */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EksCluster } from './cluster';
import { DataStores } from './data';
import { PodIdentities } from './identity';
import { CLUSTER_NAME, createVpc } from './network';

export interface CybertacotruckStackProps extends StackProps {
  adminCidrs: string[];
}

export class CybertacotruckStack extends Stack {
  constructor(scope: Construct, id: string, props: CybertacotruckStackProps) {
    super(scope, id, props);
    const vpc = createVpc(this);
    const data = new DataStores(this, 'Data', {
      vpc,
      clientSubnets: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets,
    });
    const eks = new EksCluster(this, 'Eks', { vpc, key: data.key, adminCidrs: props.adminCidrs });
    // Driver's-licence photos (account seals them before they leave the pod): private, KMS, TLS only.
    const licencePhotos = new s3.Bucket(this, 'LicencePhotos', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: data.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new PodIdentities(this, 'PodIdentity', {
      licencePhotos,
      cluster: eks.cluster,
      kafka: data.kafka,
      key: data.key,
      secrets: [...data.appSecrets, data.fleetTelemetryScram],
      interruptionQueue: eks.interruptionQueue,
      karpenterNodeRole: eks.karpenterNodeRole,
    });
    const repository = new ecr.Repository(this, 'Images', {
      repositoryName: CLUSTER_NAME,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: data.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'ClusterName', { value: eks.cluster.ref });
    new CfnOutput(this, 'Repository', { value: repository.repositoryUri });
    new CfnOutput(this, 'KafkaClusterArn', { value: data.kafka.attrArn });
    new CfnOutput(this, 'DatabaseEndpoint', { value: data.database.dbInstanceEndpointAddress });
    new CfnOutput(this, 'LicencePhotoBucket', { value: licencePhotos.bucketName });
    new CfnOutput(this, 'InterruptionQueue', { value: eks.interruptionQueue.queueName });
  }
}
