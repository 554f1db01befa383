// Type-aware lint for the whole monorepo, and the architecture's dependency rules
// (docs/ARCHITECTURE.md, "Rules the linter enforces") enforced rather than hoped for.
//
// Boundaries are checked on RESOLVED paths (import-x + the TypeScript resolver), so a package name,
// a subpath export and `../../../../inventory/…` all land on the same file and the same zone.
// Flat config REPLACES a rule's options when a later block sets the same rule for the same file, so
// the two import-x rules are set exactly once per file: the tree is cut into disjoint blocks
// (production code / everything else) and each block gets the full list of zones that applies to it.
// test/lint-boundaries.test.ts lints one fixture per rule and shows it fire.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const ROOT = import.meta.dirname;
const dirsIn = (dir) =>
  fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(ROOT, dir, entry.name, 'package.json')))
    .map((entry) => entry.name);

// Read from the tree, so a new service or web feature is covered without touching this file.
const SERVICES = dirsIn('services');
const WEB_FEATURES = fs
  .readdirSync(path.join(ROOT, 'apps/web/src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The shared packages' graph: which workspace packages each may import. Lower never imports higher
 * (contracts ← db ← bus/messaging ← platform; tesla ← tesla-sim). tesla-sim may use bus, where the
 * one Kafka module lives (issue 13 item 5). A package missing here fails the config load, so a new
 * one gets its place in the graph on purpose.
 */
const PACKAGE_DEPENDS_ON = {
  contracts: [],
  db: ['contracts'],
  bus: ['contracts', 'db'],
  messaging: ['contracts', 'db'],
  platform: ['contracts', 'db', 'bus'],
  tesla: [],
  'tesla-sim': ['tesla', 'bus'],
  'payments-sim': [],
};
const PACKAGES = dirsIn('packages');
for (const name of PACKAGES) {
  if (!(name in PACKAGE_DEPENDS_ON)) {
    throw new Error(`eslint.config.js: add packages/${name} to PACKAGE_DEPENDS_ON (what it may import)`);
  }
}

/** Test code wherever it lives; never production, may use dev dependencies. */
const TEST_FILES = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/testing/**',
  '**/testing.ts',
  '**/*-testing.ts',
  '**/test-helpers.ts',
];
/** Production code: what a deployed process (or the built web app) runs. */
const PRODUCTION_DIRS = ['services/*/src/**', 'packages/*/src/**', 'apps/server/src/**', 'apps/web/src/**'];

// `from` of a zone is matched against the resolved absolute path of the import.
const npm = (...names) => names.map((name) => `**/node_modules/${name}/**`);
const WORKSPACE_TESTING_MODULES = TEST_FILES.filter((glob) => !glob.includes('.test.')).map(
  (glob) => `{packages,services,apps}/${glob}`,
);
const OUTSIDE_PACKAGES = [
  '*.ts',
  ...fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !['packages', 'node_modules'].includes(entry.name))
    .filter((entry) => !entry.name.startsWith('.'))
    .map((entry) => entry.name),
];
const otherPackages = (...keep) => PACKAGES.filter((p) => !keep.includes(p)).map((p) => `packages/${p}`);

/** Zones for every file (tests included): the structure of the monorepo. */
const STRUCTURE_ZONES = [
  ...SERVICES.map((service) => ({
    target: `services/${service}`,
    from: [...SERVICES.filter((s) => s !== service).map((s) => `services/${s}`), 'apps'],
    message:
      'A service never imports another service nor an app: it reaches another through a client interface in contracts or through events.',
  })),
  {
    target: 'packages',
    from: ['services', 'apps'],
    message: 'Shared packages import nothing from services or apps.',
  },
  ...PACKAGES.map((name) => ({
    target: `packages/${name}`,
    from: otherPackages(name, ...PACKAGE_DEPENDS_ON[name]),
    message: `packages/${name} may import only ${PACKAGE_DEPENDS_ON[name].join(', ') || 'no other workspace package'} (the graph in eslint.config.js and docs/ARCHITECTURE.md).`,
  })).filter((zone) => zone.from.length > 0),
  {
    target: ['services/*/src/**/*.service.ts', 'services/*/src/**/*.repository.ts'],
    from: npm('fastify', '@fastify', 'kafkajs'),
    message: 'Domain and data code stay free of HTTP and transport types.',
  },
  {
    target: 'services/*/src/**/*.repository.ts',
    from: 'services/*/src/**/*.service.ts',
    message: 'A repository imports no service (routes → service → repository).',
  },
  {
    target: 'services/*/src/**/*.routes.ts',
    from: '{services,packages}/*/src/**/*.repository.ts',
    message: 'Routes call services, not repositories.',
  },
  {
    // Everything but packages/bus: every top-level folder (bench, e2e, deploy, …) and root file.
    target: [...OUTSIDE_PACKAGES, ...otherPackages('bus')],
    from: npm('kafkajs'),
    message: 'kafkajs is used only inside packages/bus (the one Kafka module).',
  },
  {
    target: 'apps/web/src',
    from: [...otherPackages('contracts'), 'services', 'apps/server'],
    message: 'The web app imports only @cybertacotruck/contracts from the server side.',
  },
  // bulletproof-react: shared → features → app.
  {
    target: ['apps/web/src/components', 'apps/web/src/lib', 'apps/web/src/config'],
    from: ['apps/web/src/features', 'apps/web/src/app'],
    message: 'Shared web code (components, lib, config) imports no feature and no app code.',
  },
  ...WEB_FEATURES.map((feature) => ({
    target: `apps/web/src/features/${feature}`,
    from: 'apps/web/src/features',
    except: [`./${feature}`],
    message: 'A web feature imports no other feature: move what both need into components/ or lib/.',
  })),
  {
    target: 'apps/web/src/features',
    from: 'apps/web/src/app',
    message: 'A web feature imports nothing from app/ (the app composes features, not the reverse).',
  },
];

/** Zones only for production code (TEST_FILES excluded by the block). */
const PRODUCTION_ZONES = [
  {
    // apps/server is the embedded composition root: it alone may hand the simulator in.
    target: [...SERVICES.map((s) => `services/${s}`), ...otherPackages('tesla-sim'), 'apps/web'],
    from: 'packages/tesla-sim',
    message: 'Production code never imports the Tesla simulator; the composition root passes it in.',
  },
  {
    // The payment simulator stands in for Stripe's API over HTTP, as the Tesla one does for Tesla.
    target: [...SERVICES.map((s) => `services/${s}`), ...otherPackages('payments-sim'), 'apps/web'],
    from: 'packages/payments-sim',
    message: 'Production code never imports the payment simulator; it is reached over HTTP as Stripe is.',
  },
  {
    target: PRODUCTION_DIRS,
    from: WORKSPACE_TESTING_MODULES,
    message: 'Production code imports no testing module.',
  },
  {
    target: PRODUCTION_DIRS,
    from: npm('vitest', '@vitest'),
    message: 'Production code imports no test framework.',
  },
];

const restrictedPaths = (zones) => ['error', { basePath: ROOT, zones }];

/**
 * Every bare import must be declared in the package.json of the workspace it is in (the nearest
 * one), workspace packages included: hoisting makes an undeclared one resolve here, and
 * `npm ci --omit=dev -w <workspace>` then fails with ERR_MODULE_NOT_FOUND. Type-only imports count
 * (a package's exported types name them).
 */
const productionDependencies = [
  'error',
  {
    devDependencies: false,
    optionalDependencies: false,
    peerDependencies: false,
    includeInternal: true,
    includeTypes: true,
  },
];
/** Tests, benches, e2e and scripts: the workspace's dev dependencies and the root's test tooling too. */
const nonProductionDependencies = [
  'error',
  { devDependencies: true, packageDir: [ROOT], includeInternal: true, includeTypes: true },
];

// Disjoint by construction: production code | test code | the rest. Each sets both rules once.
const boundaryBlocks = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [...PRODUCTION_DIRS, ...TEST_FILES],
    rules: {
      'import-x/no-restricted-paths': restrictedPaths(STRUCTURE_ZONES),
      'import-x/no-extraneous-dependencies': nonProductionDependencies,
    },
  },
  {
    files: TEST_FILES,
    rules: {
      'import-x/no-restricted-paths': restrictedPaths(STRUCTURE_ZONES),
      'import-x/no-extraneous-dependencies': nonProductionDependencies,
    },
  },
  {
    files: PRODUCTION_DIRS,
    ignores: TEST_FILES,
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([...STRUCTURE_ZONES, ...PRODUCTION_ZONES]),
      'import-x/no-extraneous-dependencies': productionDependencies,
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      '.artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
      globals: { ...globals.node },
    },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'apps/web/tsconfig.json')],
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Fastify plugins are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...boundaryBlocks,
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    // The browser has no node builtins (vite.config.ts runs in Node and is outside src/).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
);
