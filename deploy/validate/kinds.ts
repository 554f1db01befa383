/**
 * Every kind deploy/k8s renders: its TypeScript interface (read by the strict walker, strict.ts)
 * and, where a package publishes one, its JSON-schema validator (kubernetes-models' `validate()`:
 * types, formats, enums, required fields — but it lets unknown fields through).
 */
import type { INamespace, IConfigMap, ISecret, IServiceAccount, IService } from 'kubernetes-models/v1';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy, IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type { ICluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
import type {
  IExternalSecret,
  ISecretStore,
} from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import type { INodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1';
import type { IEC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1';
import type { IKafka, IKafkaNodePool, IKafkaTopic, IKafkaUser } from './strimzi';

/** `apiVersion/kind` → its interface. The strict walker looks keys up in this interface. */
export interface Kinds {
  'v1/Namespace': INamespace;
  'v1/ConfigMap': IConfigMap;
  'v1/Secret': ISecret;
  'v1/ServiceAccount': IServiceAccount;
  'v1/Service': IService;
  'apps/v1/Deployment': IDeployment;
  'batch/v1/Job': IJob;
  'policy/v1/PodDisruptionBudget': IPodDisruptionBudget;
  'autoscaling/v2/HorizontalPodAutoscaler': IHorizontalPodAutoscaler;
  'networking.k8s.io/v1/NetworkPolicy': INetworkPolicy;
  'networking.k8s.io/v1/Ingress': IIngress;
  'postgresql.cnpg.io/v1/Cluster': ICluster;
  'external-secrets.io/v1beta1/SecretStore': ISecretStore;
  'external-secrets.io/v1beta1/ExternalSecret': IExternalSecret;
  'karpenter.sh/v1/NodePool': INodePool;
  'karpenter.k8s.aws/v1/EC2NodeClass': IEC2NodeClass;
  'kafka.strimzi.io/v1/Kafka': IKafka;
  'kafka.strimzi.io/v1/KafkaNodePool': IKafkaNodePool;
  'kafka.strimzi.io/v1/KafkaTopic': IKafkaTopic;
  'kafka.strimzi.io/v1/KafkaUser': IKafkaUser;
}
export type KindKey = keyof Kinds;

/** Kinds that live outside any namespace (kustomize cannot know it of a custom resource). */
export const CLUSTER_SCOPED = new Set<string>([
  'v1/Namespace',
  'karpenter.sh/v1/NodePool',
  'karpenter.k8s.aws/v1/EC2NodeClass',
]);

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** The published validators, loaded lazily (each kind's module pulls in its schema). */
const MODELS: Partial<Record<KindKey, () => Promise<ModelClass>>> = {
  'v1/Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1/Secret': async () => (await import('kubernetes-models/v1/Secret')).Secret,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'batch/v1/Job': async () => (await import('kubernetes-models/batch/v1/Job')).Job,
  'policy/v1/PodDisruptionBudget': async () =>
    (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': async () =>
    (await import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': async () =>
    (await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy')).NetworkPolicy,
  'networking.k8s.io/v1/Ingress': async () =>
    (await import('kubernetes-models/networking.k8s.io/v1/Ingress')).Ingress,
  'postgresql.cnpg.io/v1/Cluster': async () =>
    (await import('@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster')).Cluster,
  'external-secrets.io/v1beta1/SecretStore': async () =>
    (await import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/SecretStore')).SecretStore,
  'external-secrets.io/v1beta1/ExternalSecret': async () =>
    (await import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret'))
      .ExternalSecret,
  'karpenter.sh/v1/NodePool': async () =>
    (await import('@kubernetes-models/karpenter/karpenter.sh/v1/NodePool')).NodePool,
  'karpenter.k8s.aws/v1/EC2NodeClass': async () =>
    (await import('@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass')).EC2NodeClass,
};

/** The published schema's complaints about `object`, or [] (Strimzi has none: strimzi.ts). */
export async function schemaProblems(key: KindKey, object: unknown): Promise<string[]> {
  const load = MODELS[key];
  if (!load) return [];
  const Model = await load();
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    return String(error instanceof Error ? error.message : error)
      .split('\n')
      .map((line) => line.replace(/^data\/?/, '').trim())
      .filter(Boolean);
  }
}
