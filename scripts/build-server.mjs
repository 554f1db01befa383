// Bundles each server entry point (the embedded host, the four services, and the Tesla and payments
// simulators, which the distributed and Kubernetes topologies run as their own processes) into one
// ESM file.
// Workspace packages are compiled in; every npm dependency stays external and is loaded by Node.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const entries = {
  'apps/server/dist/main': 'apps/server/src/main.ts',
  ...Object.fromEntries(
    ['inventory', 'reservation', 'account', 'notification'].map((s) => [
      `services/${s}/dist/main`,
      `services/${s}/src/main.ts`,
    ]),
  ),
  'packages/tesla-sim/dist/main': 'packages/tesla-sim/src/main.ts',
  'packages/payments-sim/dist/main': 'packages/payments-sim/src/main.ts',
};

/** The version of `name` that Node would load from `dir`, walking up node_modules folders. */
function versionSeenFrom(dir, name) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const manifest = join(d, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (dirname(d) === d) return undefined;
  }
}

const packageName = (spec) =>
  (spec.startsWith('@') ? spec.split('/').slice(0, 2) : spec.split('/').slice(0, 1)).join('/');

// An external import is resolved by Node from the bundle's folder, not from the workspace package
// that wrote it; when the two would load different versions the bundle would silently change
// behaviour, so the build refuses (declare the package at the root to settle the version).
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@cybertacotruck/')) return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = packageName(args.path);
      const wanted = versionSeenFrom(args.resolveDir, name);
      const loaded = versionSeenFrom('apps/server/dist', name);
      if (wanted !== loaded) {
        return {
          errors: [
            {
              text: `${name}: ${args.importer} expects ${wanted} but the bundle would load ${loaded}; add ${name}@${wanted} to the root package.json`,
            },
          ],
        };
      }
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
await build({
  entryPoints: Object.entries(entries).map(([out, input]) => ({ out, in: input })),
  outdir: '.',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalNpmPackages],
});
writeFileSync('apps/server/dist/.build-stamp', new Date().toISOString());
console.log(`server bundles built in ${Date.now() - started} ms`);
