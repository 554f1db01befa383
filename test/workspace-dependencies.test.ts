/**
 * Every package a workspace's production code imports is declared in that workspace's own
 * `dependencies`, so `npm ci --omit=dev -w <workspace>` installs what the process loads (hoisting
 * makes an undeclared package resolve in the monorepo and fail with ERR_MODULE_NOT_FOUND in a
 * deployment). The lint rule (import-x/no-extraneous-dependencies) says the same for every file it
 * lints, but skips an import it cannot resolve; this check reads the import specifiers themselves
 * (TypeScript's own pre-processor: static, dynamic and type imports, re-exports), resolving nothing.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

/** Same split as eslint.config.js: test code is `*.test.ts(x)`, `testing/` folders and helpers. */
function isTestCode(name: string, isDirectory: boolean): boolean {
  if (isDirectory) return name === 'testing';
  return (
    /\.test\.tsx?$/.test(name) ||
    name === 'testing.ts' ||
    name.endsWith('-testing.ts') ||
    name === 'test-helpers.ts'
  );
}

function productionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (isTestCode(entry.name, entry.isDirectory())) return [];
    if (entry.isDirectory()) return productionFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative and absolute paths → undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const workspaces = ['packages', 'services', 'apps'].flatMap((group) =>
  fs
    .readdirSync(path.join(ROOT, group))
    .map((name) => path.join(group, name))
    .filter(
      (dir) =>
        fs.existsSync(path.join(ROOT, dir, 'package.json')) && fs.existsSync(path.join(ROOT, dir, 'src')),
    ),
);

describe('production imports are declared dependencies of their workspace', () => {
  it('finds the workspaces', () => {
    expect(workspaces).toEqual(
      expect.arrayContaining(['packages/platform', 'services/inventory', 'apps/server']),
    );
  });

  it.each(workspaces)('%s', (workspace) => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, workspace, 'package.json'), 'utf8'),
    ) as Manifest;
    const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
    const undeclared: string[] = [];
    for (const file of productionFiles(path.join(ROOT, workspace, 'src'))) {
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      for (const { fileName: specifier } of importedFiles) {
        const name = packageOf(specifier);
        // `virtual:` modules are made by the web app's bundler plugins, not installed.
        if (name === undefined || isBuiltin(specifier) || specifier.startsWith('virtual:')) continue;
        if (!declared.has(name)) undeclared.push(`${path.relative(ROOT, file)}: ${specifier}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
