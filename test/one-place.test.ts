// One place for each fact (issue 22 item 4): the wire names of the fields the flows follow, the
// environment variable names, the error identifier's reader, the webhook window and the pacing
// defaults each live in one place (the contract through src/contract/, or one constant module).
// Read from the sources themselves with TypeScript's parser (syntax only: no type checker, so it
// stays fast), so a fact written again anywhere else fails here, with where.
//
// What counts as a site of a field name: a string literal naming it ('scanRef', 'status.overall'),
// a JSON-quoted mention in a string ("scanRef": a sed pattern), a read through a cast
// (`(json as any).scanRef`), and a key of a request body written by hand (`body: { scanRef }`,
// `minimalBody(op, { scanRef })`). Property access on typed objects (generated contract types, the
// suite's own records) is the type system's business, not a second place.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { FIELD, fieldRoleProblems } from '../src/contract/fields.ts';
import { ENV } from '../src/env-names.ts';
import { readContractDocument } from '../src/contract/load.ts';
import { filesUnder, REPO_ROOT } from './helpers/cli.ts';

/**
 * Planted deviations and conformant variants: a mutant or an alternate is written against the field
 * and the ruling it is about (its catalogue entry names them as data, like a test fixture).
 * Counted, not held to the rule.
 */
const EXEMPT = ['src/reference/mutants/', 'src/reference/alternates.ts'];

/** A ruling's id as the contract spells them (x-ivs-rulings: R1, T21, W3, …). */
const RULING_ID = /^(?:R|T|V|C|D|W|S|F)\d{1,2}$/;

/** Field names whose every literal is a site; the generic ones (status, identifier, message) only as the paths the flows use. */
const FIELD_NAMES = new Set<string>([FIELD.verificationRef, FIELD.sessionToken, FIELD.clientRef, FIELD.externalRef]);
const FIELD_PATHS = new Set<string>([`${FIELD.webhookStatus}.${FIELD.overallStatus}`, FIELD.overallStatus]);

interface Site {
  file: string;
  line: number;
  text: string;
}

interface Fact {
  name: string;
  /** Files (repository-relative) where the fact may be written. */
  home: string[];
  find(node: ts.Node, source: ts.SourceFile): boolean;
}

function propertyName(node: ts.Node): string | undefined {
  if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  return undefined;
}

/** An object literal written as a request body: `body: { … }`, `minimalBody(op, { … })`, or spread into one. */
function isBodyLiteral(object: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = object;
  while (ts.isSpreadAssignment(node.parent) || ts.isObjectLiteralExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && propertyName(parent) === 'body') return true;
  return ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'minimalBody';
}

function stringText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return undefined;
}

/** A numeric literal anywhere in the initializer of a property named one of `names`. */
function numberUnder(node: ts.Node, names: string[]): boolean {
  if (!ts.isNumericLiteral(node)) return false;
  for (let at: ts.Node = node.parent; at && !ts.isSourceFile(at); at = at.parent) {
    const name = propertyName(at);
    if (name !== undefined) return names.includes(name);
    if (ts.isBlock(at) || ts.isObjectLiteralExpression(at)) return false;
  }
  return false;
}

export const FACTS: Fact[] = [
  {
    name: 'flow field names',
    home: ['src/contract/fields.ts'],
    find(node) {
      const text = stringText(node);
      // A literal type (WebhookPayload['status']['overall']) is the type system's.
      if (text !== undefined && ts.isLiteralTypeNode(node.parent)) return false;
      if (text !== undefined) {
        if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && (FIELD_NAMES.has(text) || FIELD_PATHS.has(text))) return true;
        return [...FIELD_NAMES].some((name) => text.includes(`"${name}"`));
      }
      if (ts.isPropertyAccessExpression(node) && FIELD_NAMES.has(node.name.text)) {
        let target: ts.Expression = node.expression;
        while (ts.isNonNullExpression(target)) target = target.expression;
        return ts.isParenthesizedExpression(target) && (ts.isAsExpression(target.expression) || ts.isTypeAssertionExpression(target.expression));
      }
      const name = propertyName(node);
      return name !== undefined && FIELD_NAMES.has(name) && ts.isObjectLiteralExpression(node.parent) && isBodyLiteral(node.parent);
    },
  },
  {
    name: 'environment variable names',
    home: ['src/env-names.ts'],
    find: (node) => /\bIVS_[A-Z0-9_]+/.test(stringText(node) ?? ''),
  },
  {
    name: 'identifierOf definitions',
    home: ['src/contract/fields.ts'],
    find: (node) =>
      (ts.isFunctionDeclaration(node) && node.name?.text === 'identifierOf') ||
      (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'identifierOf'),
  },
  {
    // A ruling named by imperative code comes from the contract's data or from RULE (checked at load).
    // Declarations name theirs as data: a check's or flow check's `rules: [...]`, the guards' table,
    // and the mutants' and alternates' catalogues (exempt below).
    name: 'ruling ids',
    home: ['src/contract/rulings.ts', 'src/checks/guards.ts'],
    find(node) {
      const text = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
      if (text === undefined || !RULING_ID.test(text) || ts.isLiteralTypeNode(node.parent)) return false;
      return !(ts.isArrayLiteralExpression(node.parent) && propertyName(node.parent.parent) === 'rules');
    },
  },
  {
    // The contract's x-ivs-webhook.deliveryTimeoutMs (webhookWindowOf, contract.webhook): no number in src.
    name: 'webhook window',
    home: [],
    find: (node) => numberUnder(node, ['webhookTimeoutMs', 'webhookWindowMs']),
  },
  {
    // src/cli/limits.ts holds the bounds of the same settings (LIMITS.rate, LIMITS.concurrency), not defaults.
    name: 'pacing defaults',
    home: ['src/cli/settings.ts', 'src/cli/limits.ts'],
    find: (node) => numberUnder(node, ['rate', 'concurrency']),
  },
];

const parsed = new Map<string, ts.SourceFile>();

/** Every source under `root`/src, parsed once: [repository-relative path, syntax tree]. */
function sources(root: string): [string, ts.SourceFile][] {
  return filesUnder(join(root, 'src'))
    .filter((f) => f.endsWith('.ts'))
    .map((path) => {
      const file = relative(root, path);
      if (!parsed.has(path)) parsed.set(path, ts.createSourceFile(file, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true));
      return [file, parsed.get(path)!];
    });
}

/** The sites of a fact outside its home, in the sources under `root` (this repository by default). */
export function sitesOf(fact: Fact, root = REPO_ROOT): { held: Site[]; exempt: Site[] } {
  const held: Site[] = [];
  const exempt: Site[] = [];
  for (const [file, source] of sources(root)) {
    if (fact.home.includes(file)) continue;
    const visit = (node: ts.Node): void => {
      if (fact.find(node, source)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        (EXEMPT.some((dir) => file.startsWith(dir)) ? exempt : held).push({ file, line: line + 1, text: node.getText(source).slice(0, 80) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { held, exempt };
}

describe('one place for each fact (issue 22 item 4)', () => {
  for (const fact of FACTS) {
    it(`${fact.name}: written only in ${fact.home.join(', ') || 'the contract'}`, () => {
      const { held } = sitesOf(fact);
      assert.deepEqual(held.map((s) => `${s.file}:${s.line}: ${s.text}`), [], `${fact.name} written outside ${fact.home.join(', ') || 'the contract'}`);
    });
  }

  it('the scan finds what it looks for (each fact planted in a scratch source is found)', () => {
    const planted = [
      ['flow field names', `const a = 'scanRef';`],
      ['flow field names', `const b = (json as any).authToken;`],
      ['flow field names', `f({ body: { clientId: 1 } });`],
      ['flow field names', `const c = minimalBody(op, { scanRef });`],
      ['flow field names', 'const d = `sed "scanRef"`;'],
      ['flow field names', `const e = 'status.overall';`],
      ['environment variable names', `const f = '$IVS_API_KEY';`],
      ['identifierOf definitions', `function identifierOf() {}`],
      ['ruling ids', `const i = { rule: ok ? 'R7' : other };`],
      ['webhook window', `const g = { webhookTimeoutMs: flags.x ?? 30_000 };`],
      ['pacing defaults', `const h = { concurrency: remote ? 4 : 16 };`],
    ] as const;
    for (const [name, code] of planted) {
      const fact = FACTS.find((f) => f.name === name)!;
      const source = ts.createSourceFile('scratch.ts', code, ts.ScriptTarget.ES2022, true);
      let found = false;
      const visit = (node: ts.Node): void => {
        found ||= fact.find(node, source);
        ts.forEachChild(node, visit);
      };
      visit(source);
      assert.ok(found, `${name}: not found in ${code}`);
    }
    // Typed access is not a site: a generated type says what the field is called.
    const typed = ts.createSourceFile('typed.ts', 'const r: TokenResponse = x; use(r.scanRef); const v = { scanRef: 1 };', ts.ScriptTarget.ES2022, true);
    let flagged = false;
    const visit = (node: ts.Node): void => {
      flagged ||= FACTS[0].find(node, typed);
      ts.forEachChild(node, visit);
    };
    visit(typed);
    assert.equal(flagged, false);
  });

  it('the field roles agree with the contract; a role spelled otherwise fails at load', () => {
    const document = readContractDocument();
    assert.deepEqual(fieldRoleProblems(document.components.schemas), []);
    const renamed = structuredClone(document);
    const token = renamed.components.schemas.TokenResponse.properties;
    token.verificationReference = token.scanRef;
    delete token.scanRef;
    // Only TokenResponse carries the role: renamed, no field carries it as FIELD spells it.
    assert.deepEqual(fieldRoleProblems(renamed.components.schemas), [
      'TokenResponse.verificationReference: x-ivs-role verificationRef is spelled "scanRef" in src/contract/fields.ts',
      'no contract field carries x-ivs-role verificationRef',
    ]);
    delete renamed.components.schemas.Error.properties.identifier['x-ivs-role'];
    assert.ok(fieldRoleProblems(renamed.components.schemas).includes('no contract field carries x-ivs-role errorIdentifier'));
  });

  it('every environment variable name is distinct and IVS_-prefixed', () => {
    const names = Object.values(ENV);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^IVS_[A-Z0-9_]+$/);
  });
});
