// Loads the OpenAPI contract, applies a vendor profile overlay, dereferences it and exposes the
// `x-ivs-*` data as a typed model. Everything downstream (arbitraries, cases, checks, the
// reference server) reads the contract through this module only.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import jsonpatch from 'fast-json-patch';
import SwaggerParser from '@apidevtools/swagger-parser';
import { PACKAGE_ROOT, assetPath } from '../assets.ts';
import { fieldRoleProblems } from './fields.ts';
import { unknownRuleIds } from './rulings.ts';
import { RULE } from './rulings.ts';

/** The package root (see src/assets.ts): run-time files are found from here, never from the working directory. */
export const REPO_ROOT = PACKAGE_ROOT;
export const CONTRACT_PATH = assetPath('openapi/ivs.openapi.yaml');
export const PROFILES_DIR = assetPath('openapi/profiles');

export type JsonSchema = Record<string, any>;

export interface Ruling {
  id: string;
  topic: string;
  text: string;
  documented: boolean;
}

export interface FieldSpec {
  name: string;
  /** The dereferenced schema with its `x-ivs-*` siblings merged in. */
  schema: JsonSchema;
  required: boolean;
  /** R9: `null` is accepted and means "omitted". */
  nullable: boolean;
  rule: string;
  /** Schema keywords whose expectation rests on a ruling, not on the plain text. */
  ruled: string[];
  echo: boolean;
  normalize?: 'uppercase';
  default?: {
    value: unknown;
    /** Other values also conformant when the field is omitted (T22). */
    alternatives: unknown[];
    rule: string;
    /** The key may be missing from the response (the table gives no default). */
    mayBeAbsent: boolean;
    /** Sent values under which the default does not apply (e.g. auto-filled additionalSteps). */
    unless?: Record<string, unknown>;
    /** T9: the environment's configured value is returned: any value valid against the field's schema conforms. */
    configured: boolean;
  };
  /** Values of a gated field that an account may refuse as a gated feature (T17: generateDigitString true). */
  gatedValues?: unknown[];
  /** Other conformant echoes of a sent value: `uppercase` (the idenfy profile's nationality), fallback values (locale → en). */
  echoVariants: { normalize?: 'uppercase'; fallback: unknown[] };
  gated?: 'permission' | 'configuration' | 'environment';
  customSetting: boolean;
  /** Values of the vendor's wider vocabulary (x-ivs-vendor-vocabulary, on the field or its items): never sent as valid or invalid. */
  vendorVocabulary?: { rule: string; values: unknown[] };
}

export interface CrossFieldRule {
  id: string;
  rule: string;
  description: string;
  valid: JsonSchema;
  breaking: Record<string, unknown>;
  omit: string[];
}

export interface Operation {
  operationId: string;
  method: 'POST';
  path: string;
  endpoint: string;
  requestSchema: JsonSchema;
  fields: FieldSpec[];
  crossField: CrossFieldRule[];
  neverSend: { rule: string; schema: JsonSchema }[];
  /** Valid combinations sent as they are (x-ivs-valid-examples). */
  validExamples: { rule: string; body: Record<string, unknown> }[];
  successStatuses: { statuses: number[]; rule: string; documented?: boolean; /** The ruling that names the code, when not `rule`. */ statusRule?: string };
  /** Environments in which the call must succeed; absent = every environment. */
  environments?: { allowed: string[]; rule: string };
  dummy?: { field: string; message: string; rule: string };
  /** Documented outside the seeds; a target may not implement it (x-ivs-optional-endpoint). */
  optional: boolean;
  /** Schema of a successful response body, when one is documented. */
  responseSchema?: JsonSchema;
  outcome?: { rule: string; approvedWhen: Record<string, string>; approved: string; otherwise: string };
}

export interface Contract {
  profile: string;
  servers: string[];
  /** The profile-patched document, references intact (for generation and linting). */
  document: JsonSchema;
  /** The same, dereferenced. */
  dereferenced: JsonSchema;
  rulings: Record<string, Ruling>;
  errors: Record<string, { statuses: number[]; rule: string; featureRefusal?: boolean }>;
  violations: { rule: string; default: string; byKind: Record<string, string> };
  environments: Record<string, { dummyCalls: boolean; refusal?: string }>;
  webhook: {
    signatureHeader: string;
    deliveryTimeoutMs: number;
    contentNotAssertedFor: string[];
    rules: Record<'delivery' | 'signature' | 'auto' | 'manual' | 'transport' | 'nullable', string>;
    payloadSchema: JsonSchema;
  };
  operations: Record<string, Operation>;
  schemas: Record<string, JsonSchema>;
  /** C1, T17: how a refusal of a gated feature is recognised besides a featureRefusal identifier. */
  gatedRefusal: { rule: string; messagePatterns: RegExp[] };
  /** C1: custom settings whose types and lists are asserted (the contract's and the profile's `features`). */
  customSettings: { rule: string; enabled: string[] };
  /** R11: in a response or webhook an absent key is judged as null (undefined = absent keys are not null). */
  absentAsNull?: { rule: string };
}

export interface Profile {
  name: string;
  description?: string;
  servers?: { url: string }[];
  /** C1: custom settings this vendor's accounts have turned on (asserted like documented fields). */
  features?: string[];
  patch: jsonpatch.Operation[];
}

/** A profile is a name of a file in openapi/profiles/ or a path to a YAML file of the same shape. */
export function readProfile(nameOrPath: string): Profile {
  const path = existsSync(nameOrPath) ? nameOrPath : join(PROFILES_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(path)) {
    throw new Error(`unknown profile "${nameOrPath}" (known: markid, idenfy, or a path to a profile YAML file)`);
  }
  const profile = parseYaml(readFileSync(path, 'utf8')) as Profile;
  if (!profile || typeof profile.name !== 'string' || !Array.isArray(profile.patch ?? [])) {
    throw new Error(`profile ${path} must have a "name" and a "patch" list`);
  }
  return { ...profile, patch: profile.patch ?? [] };
}

export function readContractDocument(path = CONTRACT_PATH): JsonSchema {
  return parseYaml(readFileSync(path, 'utf8'));
}

export function applyProfile(document: JsonSchema, profile: Profile): JsonSchema {
  const patched = jsonpatch.applyPatch(structuredClone(document), profile.patch, true, false).newDocument;
  if (profile.servers) patched.servers = profile.servers;
  return patched;
}

const windows = new Map<string, number>();

/**
 * W1's delivery window (x-ivs-webhook.deliveryTimeoutMs) of a profile, read synchronously from the
 * patched document: the default of --webhook-timeout, known before the contract is dereferenced.
 */
export function webhookWindowOf(profile = 'markid', path = CONTRACT_PATH): number {
  const key = `${profile}\u0000${path}`;
  if (!windows.has(key)) {
    const window = applyProfile(readContractDocument(path), readProfile(profile))['x-ivs-webhook']?.deliveryTimeoutMs;
    if (!Number.isSafeInteger(window) || window <= 0) throw new Error(`profile ${profile}: x-ivs-webhook.deliveryTimeoutMs must be a whole number of milliseconds`);
    windows.set(key, window);
  }
  return windows.get(key)!;
}

const cache = new Map<string, Promise<Contract>>();

/** Loads (once per profile) the contract with the profile applied. */
export function loadContract(profile = 'markid', path = CONTRACT_PATH): Promise<Contract> {
  const key = `${profile}\u0000${path}`;
  if (!cache.has(key)) cache.set(key, buildContract(readProfile(profile), path));
  return cache.get(key)!;
}

async function buildContract(profile: Profile, path: string): Promise<Contract> {
  const document = applyProfile(readContractDocument(path), profile);
  const roleProblems = fieldRoleProblems(document.components?.schemas);
  if (roleProblems.length) throw new Error(`contract field roles: ${roleProblems.join('; ')}`);
  const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as any)) as JsonSchema;
  const operations: Record<string, Operation> = {};
  for (const [apiPath, item] of Object.entries<any>(dereferenced.paths)) {
    const op = item.post;
    const requestSchema = op.requestBody.content['application/json'].schema;
    const success = op.responses['201'] ?? op.responses['200'];
    operations[op.operationId] = {
      operationId: op.operationId,
      method: 'POST',
      path: apiPath,
      endpoint: `POST ${apiPath}`,
      requestSchema,
      fields: fieldsOf(requestSchema),
      crossField: (requestSchema['x-ivs-cross-field'] ?? []).map((c: any) => ({ omit: [], ...c })),
      neverSend: requestSchema['x-ivs-never-send'] ?? [],
      validExamples: requestSchema['x-ivs-valid-examples'] ?? [],
      successStatuses: op['x-ivs-success-statuses'],
      environments: op['x-ivs-environments'],
      dummy: op['x-ivs-dummy'],
      optional: op['x-ivs-optional-endpoint'] === true,
      responseSchema: success?.content?.['application/json']?.schema,
      outcome: requestSchema['x-ivs-outcome'],
    };
  }
  const rulings: Record<string, Ruling> = {};
  for (const [id, r] of Object.entries<any>(dereferenced['x-ivs-rulings'])) rulings[id] = { id, ...r };
  const unknownRules = unknownRuleIds(rulings);
  if (unknownRules.length) throw new Error(`src/contract/rulings.ts names rulings the contract does not have: ${unknownRules.join(', ')}`);
  const webhook = dereferenced['x-ivs-webhook'];
  const gatedRefusal = dereferenced['x-ivs-gated-refusal'] ?? { rule: RULE.gatedSettings, messagePatterns: [] };
  const customSettings = dereferenced['x-ivs-custom-settings'] ?? { rule: RULE.gatedSettings, enabled: [] };
  return {
    profile: profile.name,
    servers: (dereferenced.servers ?? []).map((s: any) => s.url),
    document,
    dereferenced,
    rulings,
    errors: dereferenced['x-ivs-errors'],
    violations: dereferenced['x-ivs-violations'],
    environments: dereferenced['x-ivs-environments'],
    webhook: {
      ...webhook,
      payloadSchema: dereferenced.webhooks.verificationResult.post.requestBody.content['application/json'].schema,
    },
    operations,
    schemas: dereferenced.components.schemas,
    gatedRefusal: { rule: gatedRefusal.rule, messagePatterns: (gatedRefusal.messagePatterns ?? []).map((p: string) => new RegExp(p, 'i')) },
    customSettings: { rule: customSettings.rule, enabled: [...new Set([...(customSettings.enabled ?? []), ...(profile.features ?? [])])] },
    absentAsNull: dereferenced['x-ivs-absent-as-null'],
  };
}

function fieldsOf(requestSchema: JsonSchema): FieldSpec[] {
  const required = new Set<string>(requestSchema.required ?? []);
  return Object.entries<JsonSchema>(requestSchema.properties ?? {}).map(([name, schema]) => {
    const hasDefault = Object.prototype.hasOwnProperty.call(schema, 'default');
    return {
      name,
      schema,
      required: required.has(name),
      nullable: !required.has(name), // R9: every optional field accepts null as "omitted"
      rule: schema['x-ivs-rule'] ?? RULE.errorIdentifier,
      ruled: schema['x-ivs-ruled'] ?? [],
      echo: schema['x-ivs-echo'] !== false,
      normalize: schema['x-ivs-normalize'],
      default: hasDefault
        ? {
            value: schema.default,
            alternatives: schema['x-ivs-default-alternatives'] ?? [],
            rule: schema['x-ivs-default-rule'] ?? schema['x-ivs-rule'],
            mayBeAbsent: schema['x-ivs-default-may-be-absent'] === true,
            unless: schema['x-ivs-default-unless'],
            configured: schema['x-ivs-default-configured'] === true,
          }
        : undefined,
      gated: schema['x-ivs-gated'],
      gatedValues: schema['x-ivs-gated-values'],
      echoVariants: { normalize: schema['x-ivs-echo-may-normalize'], fallback: schema['x-ivs-echo-fallback'] ?? [] },
      customSetting: schema['x-ivs-custom-setting'] === true,
      vendorVocabulary: vocabularyOf(schema),
    };
  });
}

/**
 * Values never sent as valid nor as invalid: x-ivs-vendor-vocabulary of a field (or its items),
 * minus the values a profile put in the enum, and x-ivs-unasserted-values (values whose verdict
 * the rulings leave open, e.g. sessionLength 60 and 3600), under the field's own rule.
 */
function vocabularyOf(schema: JsonSchema): FieldSpec['vendorVocabulary'] {
  const holder = schema['x-ivs-vendor-vocabulary'] ? schema : schema.items?.['x-ivs-vendor-vocabulary'] ? schema.items : undefined;
  const unasserted: unknown[] = schema['x-ivs-unasserted-values'] ?? [];
  if (!holder && !unasserted.length) return undefined;
  const listed = new Set<unknown>(holder?.enum ?? []);
  const vocabulary = holder?.['x-ivs-vendor-vocabulary'] ?? {};
  return {
    rule: vocabulary.rule ?? schema['x-ivs-rule'],
    values: [...(vocabulary.values ?? []).filter((v: unknown) => !listed.has(v)), ...unasserted],
  };
}

/** The identifier a kind of violation yields (R3), read from the contract. */
export function identifierFor(contract: Contract, kind: string): string {
  return contract.violations.byKind[kind] ?? contract.violations.default;
}

/** Whether an expectation resting on `rule` (and, optionally, a field keyword) is stated plainly. */
export function isDocumented(contract: Contract, rule: string, field?: FieldSpec, keyword?: string): boolean {
  if (field && keyword && field.ruled.includes(keyword)) return false;
  return contract.rulings[rule]?.documented ?? false;
}
