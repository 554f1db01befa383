/**
 * Unknown fields are rejected: kubernetes-models' validators accept any extra key (their schemas
 * allow additional properties), which is how a typo such as `readinessProbee` reaches a cluster
 * and is silently dropped by the API server. This walker reads the published type definitions
 * (the .d.ts files of kubernetes-models and the CRD packages, and strimzi.ts) with the TypeScript
 * compiler and walks each rendered object along its interface: every key must be a declared
 * property (or fall under an index signature), every value must have the declared type, and every
 * required property must be there.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { KindKey } from './kinds';

const KINDS_FILE = fileURLToPath(new URL('./kinds.ts', import.meta.url));

export class StrictChecker {
  private readonly checker: ts.TypeChecker;
  private readonly kinds: ts.Type;

  constructor() {
    const program = ts.createProgram([KINDS_FILE], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    const source = program.getSourceFile(KINDS_FILE);
    const declaration = source?.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Kinds',
    );
    if (!declaration) throw new Error(`no interface Kinds in ${KINDS_FILE}`);
    const unresolved = ts
      .getPreEmitDiagnostics(program, source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    if (unresolved.length) throw new Error(`kinds.ts does not type-check:\n${unresolved.join('\n')}`);
    this.checker = program.getTypeChecker();
    this.kinds = this.checker.getTypeAtLocation(declaration);
  }

  /** Problems of `object` against the interface of `key`, each as `path: message`. */
  check(key: KindKey, object: unknown): string[] {
    const property = this.kinds.getProperty(key);
    if (!property) return [`no type for ${key}`];
    return this.walk(object, this.checker.getTypeOfSymbol(property), '');
  }

  private walk(value: unknown, type: ts.Type, path: string): string[] {
    const at = path || '.';
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
    if (type.isUnion()) return this.walkUnion(value, type, path);
    if (type.isStringLiteral())
      return value === type.value ? [] : [`${at}: ${JSON.stringify(value)} is not "${type.value}"`];
    if (type.isNumberLiteral())
      return value === type.value ? [] : [`${at}: ${JSON.stringify(value)} is not ${type.value}`];
    if (flags & ts.TypeFlags.BooleanLiteral) {
      const expected = this.checker.typeToString(type) === 'true';
      return value === expected ? [] : [`${at}: expected ${String(expected)}`];
    }
    if (flags & ts.TypeFlags.String) return typeof value === 'string' ? [] : [`${at}: expected a string`];
    if (flags & ts.TypeFlags.Number) return typeof value === 'number' ? [] : [`${at}: expected a number`];
    if (flags & ts.TypeFlags.Boolean)
      return typeof value === 'boolean' ? [] : [`${at}: expected true or false`];
    if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))
      return value == null ? [] : [`${at}: expected nothing`];
    if (this.checker.isArrayType(type)) {
      if (!Array.isArray(value)) return [`${at}: expected a list`];
      const element = this.checker.getTypeArguments(type as ts.TypeReference)[0];
      if (!element) return [];
      return value.flatMap((item, i) => this.walk(item, element, `${path}[${String(i)}]`));
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.walkObject(value, type, path);
    return [`${at}: no rule for type ${this.checker.typeToString(type)}`];
  }

  private walkUnion(value: unknown, type: ts.UnionType, path: string): string[] {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (members.length === 0) return [];
    // `boolean` is the union true | false.
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral))
      return typeof value === 'boolean' ? [] : [`${path || '.'}: expected true or false`];
    let best: string[] | undefined;
    for (const member of members.length === 1 ? members : this.plausible(value, members)) {
      const problems = this.walk(value, member, path);
      if (problems.length === 0) return [];
      if (!best || problems.length < best.length) best = problems;
    }
    if (best) return best;
    const names = members.map((t) => this.checker.typeToString(t)).join(' | ');
    return [`${path || '.'}: ${JSON.stringify(value)} is not one of ${names}`];
  }

  /** The union members of the same shape as the value (so errors come from the right one). */
  private plausible(value: unknown, members: ts.Type[]): ts.Type[] {
    const objectLike = typeof value === 'object' && value !== null;
    return members.filter((t) => {
      const isObject = Boolean(t.flags & ts.TypeFlags.Object) || t.isIntersection();
      return objectLike ? isObject : !isObject;
    });
  }

  private walkObject(value: unknown, type: ts.Type, path: string): string[] {
    const at = path || '.';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [`${at}: expected an object`];
    const record = value as Record<string, unknown>;
    const problems: string[] = [];
    const index = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
    for (const [key, child] of Object.entries(record)) {
      const childPath = path ? `${path}.${key}` : key;
      const property = this.checker.getPropertyOfType(type, key);
      if (property)
        problems.push(
          ...this.walk(
            child,
            this.checker.getNonNullableType(this.checker.getTypeOfSymbol(property)),
            childPath,
          ),
        );
      else if (index) problems.push(...this.walk(child, index, childPath));
      else problems.push(`${childPath}: unknown field "${key}"`);
    }
    for (const property of this.checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      if (!optional && !(property.name in record))
        problems.push(`${path ? `${path}.` : ''}${property.name}: required field missing`);
    }
    return problems;
  }
}
