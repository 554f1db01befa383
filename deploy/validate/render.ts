/** Renders an overlay with `kubectl kustomize`, as `kubectl apply -k` would, into plain objects. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const K8S_DIR = fileURLToPath(new URL('../k8s/', import.meta.url));

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

const INSTALL_HINT =
  'kubectl (with its built-in kustomize) is needed to render deploy/k8s. Install a pinned one, e.g. ' +
  '`curl -LO https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl && install kubectl /usr/local/bin/` ' +
  "or your distribution's package (apt-get install kubectl from pkgs.k8s.io).";

/** `kubectl kustomize <overlay>`; fails loudly (never skips) when kubectl is missing. */
export function render(overlay: string): K8sObject[] {
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', `${K8S_DIR}${overlay}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`kubectl not found. ${INSTALL_HINT}`, { cause: error });
    throw new Error(`kubectl kustomize ${overlay} failed: ${e.stderr ?? e.message}`, { cause: error });
  }
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length)
      throw new Error(`document ${String(i)} of ${overlay}: ${doc.errors[0]?.message ?? ''}`);
    return doc.toJS() as K8sObject;
  });
}

export const idOf = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
