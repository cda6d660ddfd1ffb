// `ivs-conformance list`: suites, the coverage matrix (field × constraint → cases) and the rulings.
import { loadContract } from '../contract/load.ts';
import { planRun } from '../plan.ts';
import { coverageMatrix, valueClasses } from '../engine/coverage.ts';
import { MUTANTS } from '../reference/mutants.ts';
import { ALTERNATES } from '../reference/alternates.ts';
import { CHECK_RULES } from '../checks/index.ts';
import type { Environment } from '../engine/context.ts';
import { taxonomyTable } from '../cases/taxonomy.ts';

export interface ListFlags {
  profile: string;
  environment: Environment;
  json?: boolean;
  mutants?: boolean;
  alternates?: boolean;
  taxonomy?: boolean;
  depth?: 'default' | 'thorough';
}

export async function listCommand(flags: ListFlags): Promise<number> {
  const out = process.stdout;
  if (flags.mutants) {
    const rows = MUTANTS.map(({ id, category, environment, rule, description }) => ({ id, category, environment, rule, description }));
    out.write(flags.json ? JSON.stringify(rows, null, 2) + '\n' : rows.map((m) => `${m.id.padEnd(44)} ${m.category.padEnd(17)} ${m.environment.padEnd(12)} ${m.rule.padEnd(4)} ${m.description}`).join('\n') + '\n');
    return 0;
  }
  if (flags.alternates) {
    const rows = ALTERNATES.map(({ id, rule, profiles, description }) => ({ id, rule, profiles: profiles ?? ['all'], description }));
    out.write(flags.json ? JSON.stringify(rows, null, 2) + '\n' : rows.map((a) => `${a.id.padEnd(40)} ${a.rule.padEnd(4)} ${a.profiles.join(',').padEnd(8)} ${a.description}`).join('\n') + '\n');
    return 0;
  }
  const contract = await loadContract(flags.profile);
  if (flags.taxonomy) return listTaxonomy(contract, flags);
  const plan = planRun(contract, { environment: flags.environment, allowProductionWrites: false });
  const matrix = coverageMatrix(contract, plan);
  const suites = plan.map((p) => ({ suite: p.suite.name, description: p.suite.description, cases: p.cases.length, skipped: p.skipped }));
  const cases = plan.flatMap((p) => p.cases);
  const webhookRules = Object.values(contract.webhook.rules);
  const rulings = Object.values(contract.rulings).map((r) => ({
    ...r,
    enforcedBy: cases.filter((c) => c.rule === r.id).length,
    // Rulings enforced on every exchange (or every webhook delivery) by a named check.
    checks: [
      ...Object.entries(CHECK_RULES).filter(([, rules]) => rules.includes(r.id)).map(([check]) => check),
      ...(webhookRules.includes(r.id) ? ['webhook checks'] : []),
    ],
  }));
  if (flags.json) {
    out.write(JSON.stringify({ profile: contract.profile, environment: flags.environment, suites, coverage: matrix, valueClasses: valueClasses(contract), rulings }, null, 2) + '\n');
    return 0;
  }
  out.write(`Suites (${flags.environment}, profile ${contract.profile}):\n`);
  for (const s of suites) out.write(`  ${s.suite.padEnd(22)} ${String(s.cases).padStart(4)} cases  ${s.skipped ? `(skipped: ${s.skipped})` : s.description}\n`);
  out.write('\nCoverage matrix (field × constraint → negative cases):\n');
  for (const row of matrix) {
    const verdict = row.status === 'unasserted' ? `unasserted (${row.handler}) 0 case(s)` : row.cases.length ? `${row.handler ? `[${row.handler}] ` : ''}${row.cases.length} case(s)` : `GAP${row.handler ? ` (${row.handler})` : ''}`;
    out.write(`  ${row.endpoint.padEnd(30)} ${row.field.padEnd(32)} ${row.constraint.padEnd(17)} ${row.rule.padEnd(4)} ${verdict}\n`);
  }
  const gaps = matrix.filter((r) => !r.cases.length && r.status !== 'unasserted').length;
  out.write(`  ${matrix.length} constraints, ${gaps} gaps\n\nValue classes per field (values sent, or why a class does not apply):\n`);
  for (const row of valueClasses(contract)) {
    out.write(`  ${row.endpoint.padEnd(30)} ${row.field}\n`);
    for (const [cls, what] of Object.entries(row.classes)) out.write(`      ${cls.padEnd(20)} ${typeof what === 'number' ? `${what} value(s)` : what}\n`);
  }
  out.write(`\nRulings (documented or ruled, and what enforces each):\n`);
  for (const r of rulings) {
    const by = [`${r.enforcedBy} cases`, ...r.checks].join(', ');
    out.write(`  ${r.id.padEnd(4)} ${r.documented ? 'documented' : 'ruled     '} ${r.topic}: ${r.text.slice(0, 90)}${r.text.length > 90 ? '…' : ''}\n       enforced by: ${by}\n`);
  }
  return 0;
}

/** `list --taxonomy`: per operation and field, every value class — its values and the role each was judged in, or why it does not apply. */
function listTaxonomy(contract: Awaited<ReturnType<typeof loadContract>>, flags: ListFlags): number {
  const out = process.stdout;
  const tables = Object.values(contract.operations).flatMap((op) => taxonomyTable(contract, op, flags.depth ?? 'default'));
  if (flags.json) {
    out.write(JSON.stringify({ profile: contract.profile, depth: flags.depth ?? 'default', fields: tables }, null, 2) + '\n');
    return 0;
  }
  out.write(`Value taxonomy (profile ${contract.profile}, depth ${flags.depth ?? 'default'}): per field, each class, the values sent and their role\n`);
  for (const row of tables) {
    out.write(`\n${row.endpoint} ${row.field}${row.notSent ? ` (not sent by default: ${row.notSent})` : ''}\n`);
    for (const c of row.classes) {
      if (c.notApplicable) {
        out.write(`  ${c.cls.padEnd(20)} does not apply: ${c.notApplicable}\n`);
        continue;
      }
      out.write(`  ${c.cls.padEnd(20)} ${c.values.length} value(s)\n`);
      for (const v of c.values) out.write(`      ${JSON.stringify(v.value).slice(0, 48).padEnd(50)} ${v.role}  — ${v.note}\n`);
    }
  }
  return 0;
}
