/**
 * The architecture's import rules (eslint.config.js) seen failing: one fixture per rule, linted
 * with the real config at a path inside the real tree (zones and package.json files are chosen by
 * where a file is), each asserting the exact rule id and zone that fires; and clean fixtures that
 * pass. A rule nobody has seen fail is not a rule. Fixtures are strings here, never files, so
 * `npm run lint` never sees them as code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Any existing module file of a web feature, so the fixture resolves whatever the feature holds. */
function aModuleOf(feature: string): string {
  const dir = path.join(ROOT, 'apps/web/src/features', feature, 'api');
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.ts'));
  if (file === undefined) throw new Error(`no module in ${dir}`);
  return `../${feature}/api/${file.replace(/\.ts$/, '')}`;
}

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: path.join(ROOT, 'eslint.config.js'),
    overrideConfig: [
      // Fixtures are not in a TypeScript project; the boundary rules need no type information.
      tseslint.configs.disableTypeChecked,
      // A fixture whose import does not resolve would pass every zone without proving anything.
      { rules: { 'import-x/no-unresolved': 'error' } },
    ],
  });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  if (result === undefined) throw new Error('ESLint returned no result');
  return result.messages;
}

const ZONE = 'import-x/no-restricted-paths';
const UNDECLARED = 'import-x/no-extraneous-dependencies';

interface Violation {
  rule: string;
  file: string;
  code: string;
  ruleId: string;
  /** Part of the message: which zone (several share the rule id) or which package. */
  says: string;
}

const violations: Violation[] = [
  {
    rule: 'a service imports another service by relative path',
    file: 'services/reservation/src/modules/quotes/fixture.ts',
    code: "import '../../../../inventory/src/index';\n",
    ruleId: ZONE,
    says: 'A service never imports another service',
  },
  {
    rule: 'a service imports another service by package name',
    file: 'services/reservation/src/fixture.ts',
    code: "import '@cybertacotruck/inventory';\n",
    ruleId: ZONE,
    says: 'A service never imports another service',
  },
  {
    rule: 'a service test imports another service too',
    file: 'services/notification/src/fixture.test.ts',
    code: "import '@cybertacotruck/account';\n",
    ruleId: ZONE,
    says: 'A service never imports another service',
  },
  {
    rule: 'a service imports an app',
    file: 'services/account/src/fixture.ts',
    code: "import '../../../apps/server/src/services';\n",
    ruleId: ZONE,
    says: 'nor an app',
  },
  {
    // The old config's *.service.ts block re-set the rule and dropped this zone for those files.
    rule: 'a service module imports another service (the zones merge, none overrides another)',
    file: 'services/reservation/src/modules/rates/fixture.service.ts',
    code: "import '../../../../inventory/src/index';\n",
    ruleId: ZONE,
    says: 'A service never imports another service',
  },
  {
    rule: 'a service imports the Tesla simulator',
    file: 'services/inventory/src/fixture.ts',
    code: "import '@cybertacotruck/tesla-sim';\n",
    ruleId: ZONE,
    says: 'never imports the Tesla simulator',
  },
  {
    rule: 'a shared package imports the Tesla simulator',
    file: 'packages/platform/src/fixture.ts',
    code: "import '../../tesla-sim/src/index';\n",
    ruleId: ZONE,
    says: 'never imports the Tesla simulator',
  },
  {
    rule: 'a service imports the payment simulator',
    file: 'services/reservation/src/fixture.ts',
    code: "import '@cybertacotruck/payments-sim';\n",
    ruleId: ZONE,
    says: 'never imports the payment simulator',
  },
  {
    rule: 'production code imports vitest',
    file: 'packages/db/src/fixture.ts',
    code: "import { expect } from 'vitest';\nexport const check = expect;\n",
    ruleId: ZONE,
    says: 'no test framework',
  },
  {
    rule: 'production code imports a testing entry by package name',
    file: 'services/reservation/src/fixture.ts',
    code: "import '@cybertacotruck/platform/testing';\n",
    ruleId: ZONE,
    says: 'no testing module',
  },
  {
    rule: 'production code imports a testing folder by relative path',
    file: 'packages/bus/src/fixture.ts',
    code: "import '../testing/kafka-mock';\n",
    ruleId: ZONE,
    says: 'no testing module',
  },
  {
    rule: 'a service file imports fastify',
    file: 'services/account/src/modules/users/fixture.service.ts',
    code: "import type { FastifyInstance } from 'fastify';\nexport type App = FastifyInstance;\n",
    ruleId: ZONE,
    says: 'free of HTTP and transport types',
  },
  {
    rule: 'a repository imports a @fastify plugin',
    file: 'services/reservation/src/modules/rates/fixture.repository.ts',
    code: "import '@fastify/type-provider-typebox';\n",
    ruleId: ZONE,
    says: 'free of HTTP and transport types',
  },
  {
    rule: 'a repository imports a service',
    file: 'services/reservation/src/modules/rates/fixture.repository.ts',
    code: "import './rates.service';\n",
    ruleId: ZONE,
    says: 'A repository imports no service',
  },
  {
    rule: 'routes import a repository',
    file: 'services/reservation/src/modules/rates/fixture.routes.ts',
    code: "import './rates.repository';\n",
    ruleId: ZONE,
    says: 'Routes call services, not repositories',
  },
  {
    rule: 'kafkajs outside packages/bus',
    file: 'services/notification/src/fixture.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const kafka = Kafka;\n",
    ruleId: ZONE,
    says: 'kafkajs is used only inside packages/bus',
  },
  {
    rule: 'kafkajs in tooling outside the packages',
    file: 'bench/fixture.ts',
    code: "import { Kafka } from 'kafkajs';\nexport const kafka = Kafka;\n",
    ruleId: ZONE,
    says: 'kafkajs is used only inside packages/bus',
  },
  {
    rule: 'a lower shared package imports a higher one',
    file: 'packages/db/src/fixture.ts',
    code: "import '@cybertacotruck/platform';\n",
    ruleId: ZONE,
    says: 'packages/db may import only contracts',
  },
  {
    rule: 'the Tesla client imports its simulator',
    file: 'packages/tesla/src/fixture.ts',
    code: "import '@cybertacotruck/tesla-sim';\n",
    ruleId: ZONE,
    says: 'packages/tesla may import only no other workspace package',
  },
  {
    rule: 'a shared package imports a service',
    file: 'packages/platform/src/fixture.ts',
    code: "import '../../../services/account/src/index';\n",
    ruleId: ZONE,
    says: 'Shared packages import nothing from services or apps',
  },
  {
    rule: 'a web feature imports another feature',
    file: 'apps/web/src/features/reservations/components/fixture.ts',
    code: `import '../${aModuleOf('fleet')}';\n`,
    ruleId: ZONE,
    says: 'A web feature imports no other feature',
  },
  {
    rule: 'shared web code imports a feature',
    file: 'apps/web/src/lib/fixture.ts',
    code: `import '../features/${aModuleOf('fleet').slice(3)}';\n`,
    ruleId: ZONE,
    says: 'Shared web code (components, lib, config) imports no feature',
  },
  {
    rule: 'a web feature imports app code',
    file: 'apps/web/src/features/fleet/components/fixture.ts',
    code: "import '../../../app/query-client';\n",
    ruleId: ZONE,
    says: 'A web feature imports nothing from app/',
  },
  {
    rule: 'the web app imports server code',
    file: 'apps/web/src/features/fleet/components/fixture.ts',
    code: "import type { ServiceDefinition } from '@cybertacotruck/platform';\nexport type S = ServiceDefinition;\n",
    ruleId: ZONE,
    says: 'The web app imports only @cybertacotruck/contracts',
  },
  {
    rule: 'the web app imports a node builtin',
    file: 'apps/web/src/lib/fixture.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    ruleId: 'import-x/no-nodejs-modules',
    says: 'node:fs',
  },
  {
    rule: 'an undeclared dependency (hoisted from the root)',
    file: 'services/reservation/src/fixture.ts',
    code: "import { Ajv } from 'ajv';\nexport const ajv = new Ajv();\n",
    ruleId: UNDECLARED,
    says: "'ajv' should be listed in the project's dependencies",
  },
  {
    rule: 'an undeclared workspace package',
    file: 'services/reservation/src/fixture.ts',
    code: "import '@cybertacotruck/messaging';\n",
    ruleId: UNDECLARED,
    says: "'@cybertacotruck/messaging' should be listed",
  },
  {
    rule: 'a dev dependency in production code',
    file: 'services/notification/src/fixture.ts',
    code: "import { simpleParser } from 'mailparser';\nexport const parse = simpleParser;\n",
    ruleId: UNDECLARED,
    says: "'mailparser' should be listed in the project's dependencies, not devDependencies",
  },
];

describe('lint boundaries: each rule catches its violation', () => {
  it.each(violations)('$rule ($file)', async ({ file, code, ruleId, says }) => {
    const messages = await lint(file, code);
    expect(messages.filter((m) => m.fatal === true || m.ruleId === 'import-x/no-unresolved')).toEqual([]);
    const said = messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
    expect(
      messages.some((m) => m.ruleId === ruleId && m.message.includes(says)),
      `expected ${ruleId} saying "${says}", got ${JSON.stringify(said)}`,
    ).toBe(true);
  });
});

describe('lint boundaries: what is allowed passes', () => {
  const clean: { rule: string; file: string; code: string }[] = [
    {
      rule: 'a route with its service, platform, contracts and declared packages',
      file: 'services/reservation/src/modules/rates/fixture.routes.ts',
      code: [
        "import { randomUUID } from 'node:crypto';",
        "import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';",
        "import type { ServiceDefinition } from '@cybertacotruck/platform';",
        "import { ProblemTypes } from '@cybertacotruck/contracts';",
        "import { sql } from 'kysely';",
        "import './rates.service';",
        'export const parts = [randomUUID, ProblemTypes, sql];',
        'export type Parts = [FastifyPluginAsyncTypebox, ServiceDefinition];',
        '',
      ].join('\n'),
    },
    {
      rule: 'a service test may use the simulator, testing entries and vitest',
      file: 'services/inventory/src/fixture.test.ts',
      code: [
        "import { expect } from 'vitest';",
        "import '@cybertacotruck/tesla-sim';",
        "import '@cybertacotruck/platform/testing';",
        'export const check = expect;',
        '',
      ].join('\n'),
    },
    {
      rule: 'bus may use kafkajs',
      file: 'packages/bus/src/fixture.ts',
      code: "import { Kafka } from 'kafkajs';\nexport const kafka = Kafka;\n",
    },
    {
      rule: 'a web feature with its own modules, shared lib and contracts types',
      file: 'apps/web/src/features/fleet/components/fixture.ts',
      code: [
        "import type { Problem } from '@cybertacotruck/contracts';",
        "import '../../../lib/format';",
        `import '../${aModuleOf('fleet')}';`,
        'export type P = Problem;',
        '',
      ].join('\n'),
    },
  ];

  it.each(clean)('$rule ($file)', async ({ file, code }) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it('apps/server, the composition root, may import the simulator', async () => {
    const messages = await lint('apps/server/src/fixture.ts', "import '@cybertacotruck/tesla-sim';\n");
    expect(messages.filter((m) => m.ruleId === ZONE)).toEqual([]);
  });
});
