// The success body matches the operation's documented response schema (extra fields allowed, R10).
import type { JsonSchema } from '../contract/load.ts';
import type { Finding } from '../findings/finding.ts';
import { defineCheck } from './define-check.ts';
import { acceptedWithDocumentedBody } from './helpers.ts';
import type { Check, CheckInput } from './types.ts';
import { RULE } from '../contract/rulings.ts';

export const responseSchemaCheck = defineCheck({
  name: 'response-schema',
  rules: ['R10', 'T20'],
  appliesTo: acceptedWithDocumentedBody,
  run: ({ answer, op, oracle }) => {
    if (answer.json === undefined) return [];
    return schemaFindings(oracle, op.responseSchema!, answer.json, 'response-schema', (path) => ruleAt(op.responseSchema!, path));
  },
});

/** The success body matches the operation's documented response schema (extra fields allowed, R10). */
export const responseSchema: Check = responseSchemaCheck.check;

export function schemaFindings(
  oracle: CheckInput['oracle'],
  schema: JsonSchema,
  value: unknown,
  check: string,
  ruleFor: (field: string) => string,
  category: Finding['category'] = 'response-schema',
): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of oracle.validate(schema, value)) {
    const field = error.keyword === 'required' ? String((error.params as any).missingProperty) : error.instancePath.split('/')[1] || '';
    const key = `${field}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      category,
      check,
      rule: ruleFor(field),
      field: field || undefined,
      constraint: error.keyword,
      expected: `${field || 'body'} ${describeSchemaKeyword(error.keyword, error.params)}`,
      actual: `${field || 'body'}${error.instancePath.slice(field.length + 1)} ${error.message}: ${JSON.stringify(valueAt(value, error.instancePath))}`,
    });
  }
  return findings;
}

function describeSchemaKeyword(keyword: string, params: Record<string, unknown>): string {
  if (keyword === 'required') return 'present';
  return `${keyword} ${JSON.stringify(params)}`;
}

function valueAt(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as any)[key] : undefined), value);
}

function ruleAt(schema: JsonSchema, field: string): string {
  // The property's rule, else the response schema's own (the read-back's F1), else S1.
  return schema.properties?.[field]?.['x-ivs-rule'] ?? schema['x-ivs-rule'] ?? RULE.echoAndDefaults;
}
