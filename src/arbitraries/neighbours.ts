// Plausible wrong neighbours of enumerated values: what a careful build might accept by mistake
// (case-folding, trimming, fuzzy or prefix matching, a second vocabulary). Two sources: the
// contract's own data (`x-ivs-neighbours`: full words, abbreviations, other code systems) first,
// then neighbours generated from every documented value. Values a profile puts in the enum, or
// the contract marks unasserted (`x-ivs-unasserted-values`), are never sent as wrong.
import type { JsonSchema } from '../contract/load.ts';
import { codePoints } from './characters.ts';

export interface Neighbour {
  value: string;
  kind: string;
}

/** Generated neighbours of one value, most plausible first. */
export function generatedNeighbours(value: string, { caseSensitive }: { caseSensitive: boolean }): Neighbour[] {
  const out: Neighbour[] = [];
  if (caseSensitive) {
    const lower = value.toLowerCase();
    const upper = value.toUpperCase();
    if (lower !== value) out.push({ value: lower, kind: 'lower case' });
    else if (upper !== value) out.push({ value: upper, kind: 'upper case' });
    const mixed = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
    if (mixed !== value && mixed !== lower && mixed !== upper) out.push({ value: mixed, kind: 'mixed case' });
  }
  out.push({ value: ` ${value}`, kind: 'leading space' }, { value: `${value} `, kind: 'trailing space' });
  if (/[_-]/.test(value)) {
    out.push({ value: value.replace(/[_-]/g, ' '), kind: 'words separated by spaces' });
    out.push({ value: value.replace(/[_-]/g, ''), kind: 'separators removed' });
    const initials = value.split(/[_-]/).map((w) => w[0]).join('');
    if (initials.length > 1) out.push({ value: initials, kind: 'abbreviation' });
  }
  if (codePoints(value) > 2) out.push({ value: value.slice(0, -1), kind: 'last letter missing' });
  const last = value.slice(-1);
  out.push({ value: /[a-z]/.test(last) ? `${value}s` : `${value}S`, kind: 'plural' });
  if (codePoints(value) > 3) {
    const i = Math.floor(value.length / 2);
    out.push({ value: value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2), kind: 'two letters swapped' });
  }
  return out;
}

/**
 * Neighbours of an enum schema: the contract's data first, then generated ones round-robin over
 * the documented values (so every value contributes), without known or unasserted values.
 */
export function enumNeighbours(schema: JsonSchema, limit = 10): Neighbour[] {
  const values: string[] = (schema.enum ?? []).filter((v: unknown) => typeof v === 'string');
  if (!values.length) return [];
  const insensitive = schema['x-ivs-case-insensitive'] === true;
  const unruled = schema['x-ivs-case-unruled'] === true;
  const fold = (v: string) => (insensitive || unruled ? v.toLowerCase() : v);
  const known = new Set(values.map(fold));
  // Values the rulings leave open, and the vendor's wider vocabulary a conformant server may take.
  const open = [...(schema['x-ivs-unasserted-values'] ?? []), ...(schema['x-ivs-vendor-vocabulary']?.values ?? [])];
  const unasserted = new Set<string>(open.map((v: string) => fold(v)));
  const maxLength = schema.maxLength ?? Infinity;
  const ok = (v: string) => !known.has(fold(v)) && !unasserted.has(fold(v)) && !unasserted.has(fold(v.trim())) && codePoints(v) <= maxLength && v.trim() !== '';
  const fromData: Neighbour[] = Object.entries<string[]>(schema['x-ivs-neighbours'] ?? {}).flatMap(([kind, list]) => list.map((value) => ({ value, kind })));
  // A large open list (x-ivs-coverage: sample) contributes a spread of values, not all of them.
  const step = schema['x-ivs-coverage'] === 'sample' ? Math.max(1, Math.floor(values.length / 4)) : 1;
  const generated = values.filter((_, i) => i % step === 0).map((v) => generatedNeighbours(v, { caseSensitive: !insensitive && !unruled }));
  // Each pass takes every kind of neighbour once, each from another value: kinds and values spread.
  const roundRobin: Neighbour[] = [];
  const kinds = Math.max(...generated.map((g) => g.length));
  for (let pass = 0; pass < generated.length; pass++) {
    for (let k = 0; k < kinds; k++) {
      const n = generated[(k + pass) % generated.length][k];
      if (n) roundRobin.push(n);
    }
  }
  const seen = new Set<string>();
  const kept: Neighbour[] = [];
  const keep = (n: Neighbour) => {
    if (seen.has(n.value) || !ok(n.value)) return false;
    seen.add(n.value);
    kept.push(n);
    return true;
  };
  // Every data neighbour, then one neighbour of each generated kind, then more up to the limit.
  fromData.forEach(keep);
  const kindsKept = new Set<string>();
  for (const n of roundRobin) if (!kindsKept.has(n.kind) && keep(n)) kindsKept.add(n.kind);
  for (const n of roundRobin) if (kept.length < limit) keep(n);
  return kept;
}
