/**
 * A strict model of the Strimzi custom resources deploy/k8s uses (kafka.strimzi.io/v1), written
 * from Strimzi's published CRDs (packaging/install/cluster-operator/04*-Crd-*.yaml) for the fields
 * used here: there is no @kubernetes-models/strimzi package. The strict walker (strict.ts) reads
 * these interfaces, so a field not declared here is an error — extend the model from the CRD
 * reference before using a new field.
 */
import type { IResourceRequirements } from 'kubernetes-models/v1';

type Quantity = string | number;

/** The metadata fields the manifests set (a stricter subset of ObjectMeta). */
interface Metadata {
  name: string;
  namespace?: string;
  /** Every Strimzi resource but Kafka names its cluster in the `strimzi.io/cluster` label. */
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
}

export interface KafkaListenerAuthentication {
  type: 'tls' | 'scram-sha-512' | 'oauth' | 'custom';
}

export interface KafkaListener {
  /** ^[a-z0-9]{1,11}$ */
  name: string;
  /** 9092 and up, except 9404 and 9999 (used by Strimzi itself). */
  port: number;
  type: 'internal' | 'route' | 'loadbalancer' | 'nodeport' | 'ingress' | 'cluster-ip';
  tls: boolean;
  authentication?: KafkaListenerAuthentication;
}

export interface IKafka {
  apiVersion: 'kafka.strimzi.io/v1';
  kind: 'Kafka';
  metadata: Metadata;
  spec: {
    kafka: {
      version?: string;
      metadataVersion?: string;
      listeners: KafkaListener[];
      authorization?: { type: 'simple'; superUsers?: string[] };
      config?: { [key: string]: string | number | boolean };
    };
    entityOperator?: {
      topicOperator?: { watchedNamespace?: string; resources?: IResourceRequirements };
      userOperator?: { watchedNamespace?: string; resources?: IResourceRequirements };
    };
  };
}

export interface NodePoolVolume {
  id: number;
  type: 'persistent-claim' | 'ephemeral';
  size?: string;
  class?: string;
  deleteClaim?: boolean;
  kraftMetadata?: 'shared';
}

export interface IKafkaNodePool {
  apiVersion: 'kafka.strimzi.io/v1';
  kind: 'KafkaNodePool';
  metadata: Metadata;
  spec: {
    replicas: number;
    roles: Array<'controller' | 'broker'>;
    storage: { type: 'jbod'; volumes: NodePoolVolume[] };
    resources?: { requests?: { [key: string]: Quantity }; limits?: { [key: string]: Quantity } };
  };
}

export interface IKafkaTopic {
  apiVersion: 'kafka.strimzi.io/v1';
  kind: 'KafkaTopic';
  metadata: Metadata;
  spec: {
    topicName?: string;
    partitions: number;
    replicas: number;
    config?: { [key: string]: string | number | boolean };
  };
}

export type AclOperation =
  | 'Read'
  | 'Write'
  | 'Create'
  | 'Delete'
  | 'Alter'
  | 'Describe'
  | 'ClusterAction'
  | 'AlterConfigs'
  | 'DescribeConfigs'
  | 'IdempotentWrite'
  | 'All';

export interface AclRule {
  type?: 'allow' | 'deny';
  resource: {
    type: 'topic' | 'group' | 'cluster' | 'transactionalId';
    name?: string;
    patternType?: 'literal' | 'prefix';
  };
  operations: AclOperation[];
  host?: string;
}

export interface IKafkaUser {
  apiVersion: 'kafka.strimzi.io/v1';
  kind: 'KafkaUser';
  metadata: Metadata;
  spec: {
    authentication?: { type: 'tls' | 'tls-external' | 'scram-sha-512' };
    authorization?: { type: 'simple'; acls: AclRule[] };
  };
}

/** Value rules the CRDs state beyond types (the walker checks types and fields). */
export function strimziValueProblems(object: { kind?: unknown; spec?: unknown }): string[] {
  const problems: string[] = [];
  if (object.kind === 'Kafka') {
    const spec = object.spec as IKafka['spec'];
    for (const [i, l] of spec.kafka.listeners.entries()) {
      if (!/^[a-z0-9]{1,11}$/.test(l.name))
        problems.push(`spec.kafka.listeners[${i}].name: must match ^[a-z0-9]{1,11}$`);
      if (l.port < 9092 || l.port === 9404 || l.port === 9999)
        problems.push(`spec.kafka.listeners[${i}].port: must be 9092 or above and not 9404 or 9999`);
    }
  }
  if (object.kind === 'KafkaTopic') {
    const spec = object.spec as IKafkaTopic['spec'];
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1)
      problems.push('spec.partitions: an integer ≥ 1');
    if (!Number.isInteger(spec.replicas) || spec.replicas < 1) problems.push('spec.replicas: an integer ≥ 1');
  }
  return problems;
}
