// The self-tests' quick form (npm test): a seeded sample of the mutant catalogue per category (and
// at least one mutant of every catalogue file), plus every mutant of a catalogue file changed on this
// branch; a seeded sample of the alternates per rule. `npm run bench` keeps the whole catalogues.
// The sample is a pure function of the seed: a failure names the seed that replays it.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Mutant } from '../reference/mutants.ts';
import { REPO_ROOT } from '../contract/load.ts';
import { ENV } from '../env-names.ts';

const SELF = fileURLToPath(import.meta.url);
const MUTANTS_DIR = join(dirname(SELF), '../reference/mutants');
/** Shared building blocks of the catalogue files, not a catalogue themselves. */
const NOT_A_CATALOGUE = new Set(['helpers']);

/** A seeded order of `items` (Fisher–Yates with mulberry32): the same seed, the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The first `perGroup` of each group in seeded order (groups by `groupOf`), in catalogue order. */
export function samplePerGroup<T>(items: readonly T[], groupOf: (item: T) => string, perGroup: number, seed: number): T[] {
  const taken = new Map<string, number>();
  const chosen = new Set<T>();
  for (const item of seededShuffle(items, seed)) {
    const group = groupOf(item);
    if ((taken.get(group) ?? 0) >= perGroup) continue;
    taken.set(group, (taken.get(group) ?? 0) + 1);
    chosen.add(item);
  }
  return items.filter((item) => chosen.has(item));
}

/** Catalogue file (repository-relative) of every mutant id, read from the files under src/reference/mutants/. */
export async function mutantFiles(): Promise<Map<string, string>> {
  const ext = extname(SELF);
  const byId = new Map<string, string>();
  for (const file of readdirSync(MUTANTS_DIR).filter((f) => f.endsWith(ext) && !f.endsWith(`.d${ext}`)).sort()) {
    // The blind catalogues are measures (BLIND_CATALOGUES, the bench), not the own catalogue.
    if (NOT_A_CATALOGUE.has(basename(file, ext)) || file.startsWith('blind-')) continue;
    const module = (await import(pathToFileURL(join(MUTANTS_DIR, file)).href)) as Record<string, unknown>;
    const path = relative(REPO_ROOT, join(MUTANTS_DIR, file)).replace(/\.js$/, '.ts').replace(/^dist\//, '');
    for (const value of Object.values(module)) {
      if (!Array.isArray(value)) continue;
      for (const m of value as Partial<Mutant>[]) if (m && typeof m.id === 'string' && m.hooks) byId.set(m.id, path);
    }
  }
  return byId;
}

/**
 * Repository-relative files changed since the merge-base with main (committed, staged or not), or
 * undefined when git, the repository or a main branch is not there (a tarball, a shallow clone).
 */
export function changedSinceMain(root = REPO_ROOT): Set<string> | undefined {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  for (const main of ['main', 'origin/main']) {
    try {
      const base = git('merge-base', 'HEAD', main);
      const changed = git('diff', '--name-only', base).split('\n').filter(Boolean);
      const untracked = git('ls-files', '--others', '--exclude-standard').split('\n').filter(Boolean);
      return new Set([...changed, ...untracked]);
    } catch {
      // no such branch here, or no git: try the next, else nothing is known to have changed
    }
  }
  return undefined;
}

export interface MutantSample {
  ids: string[];
  seed: number;
  perCategory: number;
  /** Catalogue files changed since the merge-base with main (all their mutants are in `ids`). */
  changedFiles: string[];
  /** Whether git could tell what changed. */
  gitKnown: boolean;
}

/**
 * `perCategory` mutants of each category and at least one of each catalogue file, seeded, plus
 * every mutant of a catalogue file changed since the merge-base with main.
 */
export async function sampleMutants(mutants: readonly Mutant[], options: { perCategory: number; seed: number; changed?: Set<string> | undefined }): Promise<MutantSample> {
  const files = await mutantFiles();
  const fileOf = (m: Mutant) => files.get(m.id) ?? 'unknown';
  const chosen = new Set(samplePerGroup(mutants, (m) => m.category, options.perCategory, options.seed).map((m) => m.id));
  const seenFiles = new Set([...chosen].map((id) => files.get(id)));
  for (const m of samplePerGroup(mutants, fileOf, 1, options.seed)) if (!seenFiles.has(fileOf(m))) chosen.add(m.id);
  const changed = options.changed;
  const changedFiles = [...new Set(mutants.map(fileOf))].filter((f) => changed?.has(f)).sort();
  for (const m of mutants) if (changedFiles.includes(fileOf(m))) chosen.add(m.id);
  return { ids: mutants.filter((m) => chosen.has(m.id)).map((m) => m.id), seed: options.seed, perCategory: options.perCategory, changedFiles, gitKnown: changed !== undefined };
}

/** The seed of the samples: IVS_SAMPLE_SEED when set (another sample), else `fallback`. */
export function sampleSeed(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const given = env[ENV.sampleSeed];
  if (given === undefined || given === '') return fallback;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`${ENV.sampleSeed} must be a whole number, got "${given}"`);
  return seed;
}

export interface AlternateSample {
  ids: string[];
  seed: number;
  /** Whether the alternates catalogue changed since the merge-base with main (then all are in `ids`). */
  catalogueChanged: boolean;
}

/** One alternate per rule (the latitude it takes), seeded; all of them when their catalogue changed on this branch. */
export function sampleAlternates(alternates: readonly { id: string; rule: string }[], options: { seed: number; perRule?: number; changed?: Set<string> | undefined }): AlternateSample {
  const catalogueChanged = options.changed?.has('src/reference/alternates.ts') ?? false;
  const chosen = catalogueChanged ? [...alternates] : samplePerGroup(alternates, (a) => a.rule, options.perRule ?? 1, options.seed);
  return { ids: chosen.map((a) => a.id), seed: options.seed, catalogueChanged };
}
