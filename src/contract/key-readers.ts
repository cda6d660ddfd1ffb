// The contract-key registry: which module reads which `x-ivs-*` key of the contract. The coverage
// matrix (`list`) counts an extension as handled where a module is declared here as its reader:
// a table rather than a search of the TypeScript sources, so the installed package (which ships
// only the build) shows the same coverage as the clone. test/contract-keys.test.ts keeps it true:
// every key a module names is declared for that module, and nothing else is.
// A module that starts (or stops) reading a key adds (or removes) it on its own line here.
export const CONTRACT_KEY_READERS: Readonly<Record<string, readonly string[]>> = {
  'arbitraries/identity.ts': ['x-ivs-source'],
  'arbitraries/keywords/enum.ts': ['x-ivs-case-insensitive', 'x-ivs-case-unruled', 'x-ivs-off-enum-samples', 'x-ivs-vendor-vocabulary'],
  'arbitraries/keywords/format.ts': ['x-ivs-format-samples', 'x-ivs-text'],
  'arbitraries/keywords/length.ts': ['x-ivs-length-unit'],
  'arbitraries/keywords/pattern.ts': ['x-ivs-forbidden'],
  'arbitraries/neighbours.ts': ['x-ivs-case-insensitive', 'x-ivs-case-unruled', 'x-ivs-coverage', 'x-ivs-neighbours', 'x-ivs-unasserted-values', 'x-ivs-vendor-vocabulary'],
  'arbitraries/requests.ts': ['x-ivs-source'],
  'arbitraries/samples.ts': ['x-ivs-allowed-characters'],
  'arbitraries/taxonomy/code-neighbours.ts': ['x-ivs-vendor-vocabulary'],
  'arbitraries/taxonomy/scalars.ts': ['x-ivs-text'],
  'arbitraries/taxonomy/shape.ts': ['x-ivs-case-insensitive', 'x-ivs-case-unruled', 'x-ivs-vendor-vocabulary'],
  'arbitraries/taxonomy/text.ts': ['x-ivs-length-unit', 'x-ivs-text'],
  'arbitraries/taxonomy/unbounded.ts': ['x-ivs-text'],
  'arbitraries/values.ts': ['x-ivs-unasserted-boundaries', 'x-ivs-unasserted-values'],
  'cases/availability.ts': ['x-ivs-source'],
  'cases/code-lists.ts': ['x-ivs-case-insensitive', 'x-ivs-coverage'],
  'cases/echo.ts': ['x-ivs-text'],
  'cases/protocol.ts': ['x-ivs-source'],
  'cases/robustness.ts': ['x-ivs-text'],
  'cases/taxonomy.ts': ['x-ivs-allowed-characters', 'x-ivs-source', 'x-ivs-unasserted-values'],
  'cases/token.ts': ['x-ivs-allowed-characters', 'x-ivs-coverage', 'x-ivs-null-unless', 'x-ivs-rule', 'x-ivs-ruled-values', 'x-ivs-text', 'x-ivs-unique'],
  'checks/digit-string.ts': ['x-ivs-null-unless', 'x-ivs-rule'],
  'checks/echoes-sent-fields.ts': ['x-ivs-rule'],
  'checks/rejects-invalid.ts': ['x-ivs-case-rule'],
  'checks/fresh-identifiers.ts': ['x-ivs-issued', 'x-ivs-rule'],
  'checks/response-schema.ts': ['x-ivs-rule'],
  'checks/unique-values.ts': ['x-ivs-issued', 'x-ivs-rule', 'x-ivs-unique'],
  'contract/fields.ts': ['x-ivs-role'],
  'contract/load.ts': ['x-ivs-absent-as-null', 'x-ivs-cross-field', 'x-ivs-custom-setting', 'x-ivs-custom-settings', 'x-ivs-default-alternatives', 'x-ivs-default-configured', 'x-ivs-default-may-be-absent', 'x-ivs-default-rule', 'x-ivs-default-unless', 'x-ivs-dummy', 'x-ivs-echo', 'x-ivs-echo-fallback', 'x-ivs-echo-may-normalize', 'x-ivs-environments', 'x-ivs-errors', 'x-ivs-gated', 'x-ivs-gated-refusal', 'x-ivs-gated-values', 'x-ivs-never-send', 'x-ivs-normalize', 'x-ivs-optional-endpoint', 'x-ivs-outcome', 'x-ivs-rule', 'x-ivs-ruled', 'x-ivs-rulings', 'x-ivs-success-statuses', 'x-ivs-unasserted-values', 'x-ivs-valid-examples', 'x-ivs-vendor-vocabulary', 'x-ivs-violations', 'x-ivs-webhook'],
  'contract/oracle.ts': ['x-ivs-case-insensitive', 'x-ivs-case-rule'],
  'reference/alternates.ts': ['x-ivs-supported'],
  'reference/payloads.ts': ['x-ivs-null-unless'],
};

/** The modules (paths under src/) that read `key`, in a stable order. */
export function readersOf(key: string): string[] {
  return Object.entries(CONTRACT_KEY_READERS)
    .filter(([, keys]) => keys.includes(key))
    .map(([module]) => module);
}
