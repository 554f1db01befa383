/** Validates rendered objects: published schemas, unknown fields, policies, env keys. */
import { envProblems, type EnvProblem } from './env-keys';
import { CLUSTER_SCOPED, schemaProblems, type KindKey } from './kinds';
import { policyProblems, type PolicyProblem } from './policy';
import { idOf, type K8sObject } from './render';
import { StrictChecker } from './strict';
import { strimziValueProblems } from './strimzi';

export interface Report {
  schema: string[];
  unknownFields: string[];
  policy: PolicyProblem[];
  env: EnvProblem[];
}

let strict: StrictChecker | undefined;
/** The TypeScript program is built once per test file (~2 s) and shared. */
export const strictChecker = () => (strict ??= new StrictChecker());

const KNOWN = new Set<string>([
  'v1/Namespace',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/ServiceAccount',
  'v1/Service',
  'apps/v1/Deployment',
  'batch/v1/Job',
  'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/NetworkPolicy',
  'networking.k8s.io/v1/Ingress',
  'postgresql.cnpg.io/v1/Cluster',
  'external-secrets.io/v1beta1/SecretStore',
  'external-secrets.io/v1beta1/ExternalSecret',
  'karpenter.sh/v1/NodePool',
  'karpenter.k8s.aws/v1/EC2NodeClass',
  'kafka.strimzi.io/v1/Kafka',
  'kafka.strimzi.io/v1/KafkaNodePool',
  'kafka.strimzi.io/v1/KafkaTopic',
  'kafka.strimzi.io/v1/KafkaUser',
]);

export async function validate(objects: K8sObject[]): Promise<Report> {
  const report: Report = {
    schema: [],
    unknownFields: [],
    policy: policyProblems(objects),
    env: envProblems(objects),
  };
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    const id = idOf(object);
    if (!KNOWN.has(key)) {
      report.schema.push(`${id}: no schema for ${key} (add it to deploy/validate/kinds.ts)`);
      continue;
    }
    const scoped = CLUSTER_SCOPED.has(key);
    if (scoped && object.metadata.namespace)
      report.schema.push(`${id}: cluster-scoped, yet namespace ${object.metadata.namespace}`);
    if (!scoped && !object.metadata.namespace) report.schema.push(`${id}: namespaced, yet no namespace`);
    for (const p of await schemaProblems(key as KindKey, object)) report.schema.push(`${id}: ${p}`);
    if (object.apiVersion.startsWith('kafka.strimzi.io/'))
      for (const p of strimziValueProblems(object)) report.schema.push(`${id}: ${p}`);
    for (const p of strictChecker().check(key as KindKey, object)) {
      (p.includes('unknown field') ? report.unknownFields : report.schema).push(`${id}: ${p}`);
    }
  }
  return report;
}
