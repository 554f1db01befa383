// Type-aware lint for the whole monorepo. The `no-restricted-imports` blocks below are the
// architecture's dependency rules (docs/ARCHITECTURE.md), enforced rather than hoped for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const SERVICES = ['inventory', 'reservation', 'account', 'notification'];

/** A service may not import another service, by package name or by relative path. */
const serviceBoundaries = SERVICES.map((service) => ({
  files: [`services/${service}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: SERVICES.filter((s) => s !== service).flatMap((s) => [
              `@cybertacotruck/${s}`,
              `**/services/${s}/**`,
              `../../${s}/**`,
            ]),
            message:
              'A service reaches another only through a client interface in contracts or through events.',
          },
          {
            group: ['@cybertacotruck/server', '@cybertacotruck/web', '**/apps/**'],
            message: 'Services never import apps.',
          },
        ],
      },
    ],
  },
}));

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
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
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
  ...serviceBoundaries,
  {
    files: ['services/*/src/**/*.service.ts', 'services/*/src/**/*.repository.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', '@fastify/*', 'kafkajs'],
              message: 'Domain and data code stay free of HTTP and transport types.',
            },
            {
              group: [
                '@cybertacotruck/inventory',
                '@cybertacotruck/reservation',
                '@cybertacotruck/account',
                '@cybertacotruck/notification',
              ],
              message: 'No service imports another.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@cybertacotruck/inventory',
                '@cybertacotruck/reservation',
                '@cybertacotruck/account',
                '@cybertacotruck/notification',
                '@cybertacotruck/server',
                '@cybertacotruck/web',
                '**/services/**',
                '**/apps/**',
              ],
              message: 'Shared packages depend on nothing above them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@cybertacotruck/(?!contracts$)',
              message: 'The web app imports only @cybertacotruck/contracts from the server side.',
            },
            {
              group: ['**/services/**', '**/packages/**', 'node:*'],
              message: 'The web app imports no server code.',
            },
          ],
        },
      ],
    },
  },
);
