// The precision self-test, the dual of the mutation self-test: run the suite against the embedded
// reference with each conformant variant of the alternates catalogue switched on, alone and all at
// once. Every deviation reported there is a false alarm of the suite.
import { alternatesFor } from '../reference/alternates.ts';
import { loadContract } from '../contract/load.ts';
import { runConformance } from '../reference/embedded.ts';
import { pool } from './selftest.ts';
import type { RunOptions } from '../engine/run.ts';
import type { Environment } from '../engine/context.ts';
import { PACING } from '../cli/settings.ts';

export interface PrecisionResult {
  /** An alternate id, or `all` for every alternate of the profile at once. */
  alternate: string;
  environment: Environment;
  deviations: number;
  /** `rule field check` of each deviation, for the report of a failure. */
  details: string[];
  inconclusive: number;
  requests: number;
  durationMs: number;
}

export interface PrecisionSummary {
  profile: string;
  results: PrecisionResult[];
  /** Runs without a deviation. */
  clean: number;
  total: number;
  /** `clean/total`, as the bench records it. */
  precision: string;
  durationMs: number;
}

export type PrecisionOptions = Partial<Pick<RunOptions, 'seed' | 'runs' | 'webhookTimeoutMs' | 'concurrency' | 'profile' | 'grep'>> & {
  /** Only these alternates alone (default: every alternate of the profile). */
  only?: string[];
  /** Also run all alternates together (default true), in these environments (default: all three). */
  together?: boolean;
  togetherEnvironments?: Environment[];
  parallel?: number;
  onResult?: (result: PrecisionResult) => void;
};

async function runWith(options: PrecisionOptions, environment: Environment, alternates: string[], label: string): Promise<PrecisionResult> {
  const started = Date.now();
  const contract = await loadContract(options.profile ?? 'markid');
  const report = await runConformance({
    environment,
    profile: options.profile ?? 'markid',
    seed: options.seed ?? 1,
    runs: options.runs ?? 10,
    rate: PACING.loopback.rate,
    concurrency: options.concurrency ?? PACING.loopback.concurrency,
    timeoutMs: 10_000,
    allowProductionWrites: false,
    // W1's own window: a late (but timely) webhook must never be called missing.
    webhookTimeoutMs: options.webhookTimeoutMs ?? contract.webhook.deliveryTimeoutMs,
    alternates,
    grep: options.grep,
    harness: 'direct',
  });
  return {
    alternate: label,
    environment,
    deviations: report.deviations.length,
    details: report.deviations.map((d: any) => `${d.rule} ${d.field ?? ''} ${d.check}: ${d.actual ?? ''}`.slice(0, 200)),
    inconclusive: report.summary.inconclusive,
    requests: report.requests,
    durationMs: Date.now() - started,
  };
}


/** Zero deviations against every alternate alone (development) and all of them at once (every environment). */
export async function runPrecisionSelfTest(options: PrecisionOptions = {}): Promise<PrecisionSummary> {
  const started = Date.now();
  const profile = options.profile ?? 'markid';
  const alternates = alternatesFor(profile).map((a) => a.id);
  const alone = alternates.filter((id) => !options.only || options.only.includes(id));
  const jobs: { environment: Environment; ids: string[]; label: string }[] = alone.map((id) => ({ environment: 'development' as Environment, ids: [id], label: id }));
  if (options.together ?? true) {
    for (const environment of options.togetherEnvironments ?? (['development', 'testing', 'production'] as Environment[])) jobs.push({ environment, ids: alternates, label: 'all' });
    // Refusals of gated features (callbackUrl above all) hide the webhook flows: all the others at once as well.
    jobs.push({ environment: 'development', ids: alternates.filter((id) => !id.includes('refused')), label: 'all-but-refusals' });
  }
  const results: PrecisionResult[] = [];
  await pool(jobs, options.parallel ?? 4, async (job) => {
    const result = await runWith(options, job.environment, job.ids, job.label);
    results.push(result);
    options.onResult?.(result);
  });
  results.sort((a, b) => a.alternate.localeCompare(b.alternate) || a.environment.localeCompare(b.environment));
  const clean = results.filter((r) => r.deviations === 0).length;
  return { profile, results, clean, total: results.length, precision: `${clean}/${results.length}`, durationMs: Date.now() - started };
}
