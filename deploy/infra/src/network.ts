/**
 * The VPC: public subnets for the load balancers, private subnets (with NAT egress) for the nodes
 * and pods, isolated subnets for the data stores (RDS, MSK), in three zones. Subnets are carved in
 * the order listed, so the data subnets land in DATA_SUBNETS_CIDR, which the EKS overlay's
 * NetworkPolicies name (deploy/k8s/overlays/eks/network-policies.yaml; a test checks both).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

export const VPC_CIDR = '10.40.0.0/16';
export const DATA_SUBNETS_CIDR = '10.40.128.0/22';
export const CLUSTER_NAME = 'cybertacotruck';

export function createVpc(scope: Construct): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
    maxAzs: 3,
    natGateways: 3,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'nodes', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
  });
  // The AWS Load Balancer Controller and Karpenter find subnets by these tags.
  for (const subnet of vpc.publicSubnets) tag(subnet, 'kubernetes.io/role/elb', '1');
  for (const subnet of vpc.privateSubnets) {
    tag(subnet, 'kubernetes.io/role/internal-elb', '1');
    tag(subnet, 'karpenter.sh/discovery', CLUSTER_NAME);
  }
  return vpc;
}

function tag(subnet: ec2.ISubnet, key: string, value: string): void {
  (subnet.node.defaultChild as ec2.CfnSubnet).tags.setTag(key, value);
}
