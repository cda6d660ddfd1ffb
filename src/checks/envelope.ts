// Checks on the shape of answers: the R1 error envelope, JSON content types, response schemas.
import type { JsonSchema } from '../contract/load.ts';
import type { Finding } from '../findings/finding.ts';
import { guardOn } from './guards.ts';
import { isSuccess, type Check, type CheckInput } from './types.ts';


/**
 * Guard json-media-type (R1, S3): `application/json` with parameters (`; charset=utf-8`), in any
 * case, with spaces, or a `+json` suffix is JSON. Switched off, only the bare type passes.
 */
export function isJsonContentType(headers: Record<string, string>): boolean {
  const value = headers['content-type'] ?? '';
  if (!guardOn('json-media-type')) return value === 'application/json';
  return /^\s*application\/([\w.+-]*\+)?json\s*(;.*)?$/i.test(value);
}

/** R1: every error is a JSON object {identifier: string, message: string} served as application/json. */
export const errorEnvelope: Check = ({ answer, expectation, field, constraint, contract, oracle }) => {
  if (expectation.kind !== 'reject' || answer.status < 400 || answer.status >= 500) return [];
  const problems: string[] = [];
  // R1 names the media type exactly: application/json (parameters such as charset allowed), not any +json type.
  if (!/^application\/json\s*(;|$)/i.test(answer.headers['content-type'] ?? '')) problems.push(`Content-Type "${answer.headers['content-type'] ?? ''}"`);
  if (answer.json === undefined) problems.push('a body that is not JSON');
  else {
    const errors = oracle.validate(contract.schemas.Error, answer.json);
    problems.push(...errors.map((e) => `body${e.instancePath} ${e.message}`));
  }
  if (!problems.length) return [];
  return [
    {
      category: 'response-schema',
      check: 'error-envelope',
      rule: 'R1',
      field,
      constraint,
      expected: '{"identifier": <documented constant>, "message": <string>} as application/json',
      actual: problems.join('; '),
    },
  ];
};

/** S3: a successful answer with a documented body is JSON. */
export const successContentType: Check = ({ answer, expectation, op }) => {
  if (expectation.kind !== 'accept' || !isSuccess(answer) || !op.responseSchema) return [];
  if (isJsonContentType(answer.headers) && answer.json !== undefined) return [];
  return [
    {
      category: 'response-schema',
      check: 'success-content-type',
      rule: 'S3',
      expected: 'a JSON body served as application/json',
      actual: `Content-Type "${answer.headers['content-type'] ?? ''}", ${answer.json === undefined ? 'body not JSON' : 'JSON body'}`,
    },
  ];
};

/** The success body matches the operation's documented response schema (extra fields allowed, R10). */
export const responseSchema: Check = ({ answer, expectation, op, oracle }) => {
  if (expectation.kind !== 'accept' || !isSuccess(answer) || !op.responseSchema || answer.json === undefined) return [];
  return schemaFindings(oracle, op.responseSchema, answer.json, 'response-schema', (path) => ruleAt(op.responseSchema!, path));
};

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
  return schema.properties?.[field]?.['x-ivs-rule'] ?? 'S1';
}
