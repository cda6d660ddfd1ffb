// The mutation self-test: run the suite against the embedded reference with each deliberate
// deviation of the catalogue switched on, one at a time, and count the ones it reports in the
// mutant's category. Against the faithful reference it must report nothing.
import { BLIND_CATALOGUES, MUTANTS, type Mutant } from '../reference/mutants.ts';
import { runConformance, type RunOptions } from '../reference/embedded.ts';
import type { Environment } from '../engine/context.ts';
import type { Report } from '../findings/model.ts';
import { loadContract } from '../contract/load.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join } from 'node:path';
import { PACING } from '../cli/settings.ts';

export interface MutantResult {
  mutant: Pick<Mutant, 'id' | 'category' | 'environment' | 'rule'>;
  detected: boolean;
  /** Categories reported, with counts. */
  categories: Report['summary']['byCategory'];
  /** Rules named by the deviations reported (detection needs the mutant's own rule). */
  rules: string[];
  requests: number;
  durationMs: number;
  firstFindingAfterRequests?: number;
}

export interface SelfTestResult {
  faithful: Record<Environment, { deviations: number; inconclusive: number; requests: number }>;
  mutants: MutantResult[];
  detected: number;
  total: number;
  score: number;
  durationMs: number;
}

export type SelfTestOptions = Partial<Pick<RunOptions, 'seed' | 'runs' | 'webhookTimeoutMs' | 'concurrency' | 'profile' | 'maxRequests'>> & {
  /** Mutant runs in flight at once (in-process). */
  parallel?: number;
  only?: string[];
  onResult?: (result: MutantResult) => void;
  harness?: RunOptions['harness'];
  /** Skip the three runs against the faithful reference (a subset run while developing). */
  skipFaithful?: boolean;
  /** Stop a mutant's run at its first finding naming the mutant's rule (npm test); the bench runs each whole. */
  stopAtDetection?: boolean;
  /** A blind catalogue by name (BLIND_CATALOGUES, docs/power-rounds.md) instead of the own catalogue. */
  catalogue?: string;
  /** Mutant runs spread over this many child processes (one per core); 1 = in this process. */
  processes?: number;
};

/**
 * Honest detection: a deviation must name the mutant's rule (and its field, where the mutant names
 * one), not merely fall in its category.
 */
export function detects(mutant: Pick<Mutant, 'rule'> & { field?: string }, report: Pick<Report, 'deviations'>): boolean {
  return report.deviations.some((d: any) => d.rule === mutant.rule && (mutant.field === undefined || d.field === mutant.field));
}

function runOptions(options: SelfTestOptions, environment: Environment, mutant: string | undefined, webhookWindowMs: number): RunOptions {
  return {
    environment,
    profile: options.profile ?? 'markid',
    seed: options.seed ?? 1,
    runs: options.runs ?? 20,
    rate: PACING.loopback.rate,
    concurrency: options.concurrency ?? PACING.loopback.concurrency,
    timeoutMs: 10_000,
    allowProductionWrites: false,
    // W1's whole window: a webhook is called missing only after it (guard webhook-delivery-window).
    webhookTimeoutMs: options.webhookTimeoutMs ?? webhookWindowMs,
    mutant,
    // A budget (the bench's detection curve): the checks ordered by value run first.
    maxRequests: options.maxRequests,
    // The same harness as a user's run.
    harness: options.harness ?? 'mocha',
  };
}

/** Runs `work` over `items`, at most `parallel` at a time. */
export async function pool<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

export async function runSelfTest(options: SelfTestOptions = {}): Promise<SelfTestResult> {
  const started = Date.now();
  const faithful = {} as SelfTestResult['faithful'];
  const window = (await loadContract(options.profile ?? 'markid')).webhook.deliveryTimeoutMs;
  const source = options.catalogue === undefined ? MUTANTS : BLIND_CATALOGUES[options.catalogue];
  if (!source) throw new Error(`unknown blind catalogue "${options.catalogue}" (known: ${Object.keys(BLIND_CATALOGUES).join(', ')})`);
  const mutants = source.filter((m) => !options.only || options.only.includes(m.id));
  const results: MutantResult[] = [];
  // With child processes, the mutants run there while the faithful runs go on here.
  const n = options.processes ?? 1;
  const { onResult, ...plain } = options;
  const chunks = n > 1 ? Array.from({ length: n }, (_, i) => mutants.filter((_, j) => j % n === i).map((m) => m.id)).filter((c) => c.length) : [];
  const children = Promise.all(chunks.map((only) => runInChild({ ...plain, only, processes: 1, skipFaithful: true })));
  for (const environment of options.skipFaithful ? [] : (['development', 'testing', 'production'] as Environment[])) {
    const report = await runConformance(runOptions(options, environment, undefined, window));
    faithful[environment] = { deviations: report.deviations.length, inconclusive: report.summary.inconclusive, requests: report.requests };
  }
  if (n > 1) {
    for (const part of await children) for (const r of part.mutants) (results.push(r), onResult?.(r));
  } else await pool(mutants, options.parallel ?? 4, async (mutant) => {
    const t0 = Date.now();
    // Stopped like an interrupted run once a finding names the mutant's rule (and field): the report
    // then holds that deviation, and the rest of the run could only add more.
    const stop = new AbortController();
    const report = await runConformance({
      ...runOptions(options, mutant.environment, mutant.id, window),
      ...(options.stopAtDetection
        ? { signal: stop.signal, onProgress: (e) => detects(mutant, { deviations: e.findings as Report['deviations'] }) && stop.abort() }
        : {}),
    });
    const result: MutantResult = {
      mutant: { id: mutant.id, category: mutant.category, environment: mutant.environment, rule: mutant.rule },
      detected: detects(mutant, report),
      categories: report.summary.byCategory,
      rules: [...new Set(report.deviations.map((d: any) => String(d.rule)))].sort(),
      requests: report.requests,
      durationMs: Date.now() - t0,
      firstFindingAfterRequests: report.firstFindingAfterRequests,
    };
    results.push(result);
    options.onResult?.(result);
  });
  results.sort((a, b) => a.mutant.id.localeCompare(b.mutant.id));
  const detected = results.filter((r) => r.detected).length;
  return { faithful, mutants: results, detected, total: results.length, score: results.length ? detected / results.length : 1, durationMs: Date.now() - started };
}

/** Runs the self-test with `options` in a child process (src/selftest/worker.ts), same loader flags. */
function runInChild(options: SelfTestOptions): Promise<SelfTestResult> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const worker = join(dirname(self), `worker${extname(self)}`);
    const child = spawn(process.execPath, [...process.execArgv, worker], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`self-test worker exited with ${code}`);
        resolve(JSON.parse(line) as SelfTestResult);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify(options));
  });
}
