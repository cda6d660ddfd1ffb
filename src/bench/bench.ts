// `npm run bench`: speed, size and detection figures of a default run, written to reports/bench.json.
//  1. a default run against the embedded reference (wall time, requests, requests/s);
//  2. each suite alone (time and requests per suite);
//  3. the same default run with 100 ms of latency injected per request (a remote sandbox);
//  4. the mutation self-test (score, and requests before the first finding per mutant);
//  5. start-up: median wall time of `ivs-conformance --version` (the built command, bin/ → dist/);
//  6. the precision self-test (alternates: conformant variants, K/N runs without a deviation);
//  7. detections of the own catalogue at budgets of 100, 200, 400 and unlimited requests;
//  8. peak memory of a default run and of a run against a target answering 1 MB bodies;
//  9. CPU time (user + system) of the default run, node start-up and module loading excluded: in
//     process (the suite and the embedded reference together), and the suite alone against the
//     reference served by a separate `ivs-conformance serve` (whose own CPU time is recorded too).
// `npm run bench -- --quick` (CI, `npm run bench:quick`): only 1., written to reports/bench-quick.json,
// exit 1 when that run reports a deviation against the faithful reference or sends too many requests
// (its wall time is printed, never failed on: a loaded CI machine is slower, not wrong).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from '../reporters/common.ts';
import { EMBEDDED_CREDENTIALS, runConformance, type RunOptions } from '../reference/embedded.ts';
import { SUITES } from '../../suites/index.ts';
import { startReference } from '../reference/index.ts';
import { startFaultProxy } from '../../test/helpers/fault-proxy.ts';
import { runSelfTest } from '../selftest/selftest.ts';
import { BLIND_CATALOGUES } from '../reference/mutants.ts';
import { runPrecisionSelfTest } from '../selftest/precision.ts';
import { hostileBench } from './hostile-bench.ts';
import { REPO_ROOT, webhookWindowOf } from '../contract/load.ts';
import { PACING } from '../cli/settings.ts';
import { TARGETS } from './targets.ts';

const SEED = 20261122;
const BUDGETS = [100, 200, 400, null];

const defaults: RunOptions = {
  environment: 'development',
  profile: 'markid',
  seed: SEED,
  runs: 20,
  ...PACING.loopback,
  timeoutMs: 10_000,
  allowProductionWrites: false,
  webhookTimeoutMs: webhookWindowOf('markid'),
};

function figures(report: Awaited<ReturnType<typeof runConformance>>, wallMs: number, cpuMs?: number) {
  return { wallMs, ...(cpuMs !== undefined ? { cpuMs } : {}), requests: report.requests, requestsPerSecond: Math.round(report.requests / (wallMs / 1000)), checks: report.summary.checks, deviations: report.summary.deviations, inconclusive: report.summary.inconclusive };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, Math.round(performance.now() - t0)];
}

/** Milliseconds of CPU (user + system) this process spent since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
}

/** Like timed(), with this process's CPU time too (every thread of it: the GC's included). */
async function timedCpu<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  const cpu0 = process.cpuUsage();
  const [value, wallMs] = await timed(work);
  return [value, wallMs, cpuMsSince(cpu0)];
}

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const quick = process.argv.slice(2).includes('--quick');
  line(`ivs-conformance bench${quick ? ' --quick' : ''} (2 cores expected; figures in reports/${quick ? 'bench-quick' : 'bench'}.json)\n`);

  // Once before measuring: the first run pays for loading and compiling modules (start-up, not the run's cost).
  if (!quick) await runConformance({ ...defaults, grep: /^auth$/ });
  const [report, wallMs, cpuMs] = await timedCpu(() => runConformance(defaults));
  const defaultRun = figures(report, wallMs, cpuMs);
  line(`default run, embedded reference: ${(wallMs / 1000).toFixed(1)} s, CPU ${(cpuMs / 1000).toFixed(2)} s (suite and reference), ${report.requests} requests, ${defaultRun.requestsPerSecond} req/s, ${report.summary.checks} checks, ${report.summary.deviations} deviations  (targets: < 20 s, < 2,500 requests: issue 24's budget)`);
  if (quick) return quickEnd(defaultRun, report.verdict);
  const cpu = await cpuApart();
  line(`CPU of the default run apart: suite ${(cpu.suiteCpuMs / 1000).toFixed(2)} s, reference (separate serve process) ${(cpu.referenceCpuMs / 1000).toFixed(2)} s, ${cpu.requests} requests  (target: suite < 1.5 s, issue 24)`);

  const perSuite: Record<string, { wallMs: number; requests: number; checks: number }> = {};
  for (const suite of SUITES) {
    const grep = new RegExp(`^${suite.name}$`);
    const [suiteReport, suiteMs] = await timed(() => runConformance({ ...defaults, grep }));
    perSuite[suite.name] = { wallMs: suiteMs, requests: suiteReport.requests, checks: suiteReport.summary.checks };
    line(`  ${suite.name.padEnd(22)} ${(suiteMs / 1000).toFixed(1).padStart(5)} s ${String(suiteReport.requests).padStart(5)} requests ${String(suiteReport.summary.checks).padStart(4)} checks`);
  }

  const reference = await startReference({ credentials: EMBEDDED_CREDENTIALS });
  const proxy = await startFaultProxy({ target: reference.url, latencyMs: 100 });
  let latencyRun;
  try {
    const [latencyReport, latencyMs] = await timed(() =>
      runConformance({ ...defaults, target: proxy.url, credentials: EMBEDDED_CREDENTIALS[0], otherCredentials: EMBEDDED_CREDENTIALS[1] }),
    );
    latencyRun = { ...figures(latencyReport, latencyMs), latencyMs: 100, concurrency: defaults.concurrency };
    line(`\nwith 100 ms latency per request: ${(latencyMs / 1000).toFixed(1)} s, ${latencyReport.requests} requests, concurrency ${defaults.concurrency}  (target: < 60 s)`);
  } finally {
    await proxy.close();
    await reference.close();
  }

  const serve = await serveStartup();
  line(`\nserve start-up: listening after ${serve.listeningMs} ms; node alone (--version) ${serve.versionMs} ms; serve itself ${serve.beyondStartupMs} ms  (target: < 1,000 ms)`);

  const startup = await versionStartup();
  line(`\nstart-up: ivs-conformance --version exits after ${startup.medianMs} ms (median of ${startup.samplesMs.length})  (target: < 300 ms)`);

  const [selfTest, selfTestMs] = await timed(() => runSelfTest({ seed: SEED, parallel: 4 }));
  line(`\nmutation score: ${selfTest.detected}/${selfTest.total} (${(100 * selfTest.score).toFixed(1)} %) in ${(selfTestMs / 1000).toFixed(1)} s`);
  const firsts = selfTest.mutants.map((m) => m.firstFindingAfterRequests ?? Infinity);
  line(`requests before the first finding: median ${median(firsts)}, max ${Math.max(...firsts)}`);
  for (const m of selfTest.mutants) line(`  ${m.detected ? '✓' : '✗'} ${m.mutant.id.padEnd(44)} ${m.mutant.category.padEnd(17)} first finding after ${String(m.firstFindingAfterRequests ?? '—').padStart(4)} requests`);

  // The independent (blind) catalogues, written by helpers who never read the generators or the
  // checks (docs/power-rounds.md): the measure of power that generalises.
  const blind: Record<string, { detected: number; total: number; flagged: number; missed: string[] }> = {};
  for (const name of Object.keys(BLIND_CATALOGUES)) {
    const result = await runSelfTest({ seed: SEED, parallel: 4, catalogue: name, skipFaithful: true });
    const missed = result.mutants.filter((m) => !m.detected);
    blind[name] = { detected: result.detected, total: result.total, flagged: result.mutants.filter((m) => m.rules.length > 0).length, missed: missed.map((m) => m.mutant.id) };
    line(`blind catalogue ${name}: ${result.detected}/${result.total} by rule (${(100 * result.score).toFixed(1)} %), ${blind[name].flagged} flagged`);
  }

  const [precision, precisionMs] = await timed(() => runPrecisionSelfTest({ seed: SEED, parallel: 4 }));
  line(`\nprecision: ${precision.precision} runs against conformant alternates without a deviation, in ${(precisionMs / 1000).toFixed(1)} s`);

  // Detections at a request budget: --max-requests N runs the most informative checks first.
  const budgetCurve: { maxRequests: number | null; detected: number; total: number }[] = [];
  for (const budget of BUDGETS) {
    const atBudget = budget === null ? selfTest : await runSelfTest({ seed: SEED, parallel: 4, maxRequests: budget, skipFaithful: true });
    budgetCurve.push({ maxRequests: budget, detected: atBudget.detected, total: atBudget.total });
    line(`  budget ${budget === null ? 'unlimited' : budget}: ${atBudget.detected}/${atBudget.total} mutants detected`);
  }

  const hostile = await hostileBench(SEED);
  line(`\npeak memory: default run ${hostile.defaultRun?.peakRssMb} MB  (hostile targets: < 300 MB, reports < 20 MB)`);
  for (const c of hostile.cases) line(`  ${c.name} (--max-requests ${c.maxRequests}): ${c.peakRssMb} MB, report folder ${c.reportMb} MB`);

  const bench = {
    date: new Date().toISOString(),
    seed: SEED,
    targets: TARGETS,
    defaultRun,
    cpu,
    perSuite,
    latencyRun,
    serve,
    startup,
    mutation: {
      score: selfTest.score,
      detected: selfTest.detected,
      total: selfTest.total,
      wallMs: selfTestMs,
      faithful: selfTest.faithful,
      mutants: selfTest.mutants.map((m) => ({ id: m.mutant.id, category: m.mutant.category, detected: m.detected, requests: m.requests, firstFindingAfterRequests: m.firstFindingAfterRequests })),
    },
    blind,
    precision: { precision: precision.precision, clean: precision.clean, total: precision.total, wallMs: precisionMs },
    budgetCurve,
    memory: hostile,
    met: {
      wall: defaultRun.wallMs < TARGETS.wallMs,
      requests: defaultRun.requests < TARGETS.requests,
      cpu: cpu.suiteCpuMs < TARGETS.cpuMs,
      latency: (latencyRun?.wallMs ?? Infinity) < TARGETS.latencyWallMs,
      serveStartup: serve.beyondStartupMs < TARGETS.serveStartupMs,
      startup: startup.medianMs < TARGETS.startupMs,
      score: selfTest.score >= TARGETS.score,
      precision: precision.clean === precision.total,
      memory: hostile.withinTargets,
    },
  };
  const dir = join(REPO_ROOT, 'reports');
  ensureDir(dir);
  writeFileSync(join(dir, 'bench.json'), JSON.stringify(bench, null, 2));
  line(`\ntargets met: ${Object.entries(bench.met).map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`).join(', ')}\nwritten: reports/bench.json`);
}

/** The quick bench's figures and its exit code: the faithful reference is conformant, within the request target. */
function quickEnd(defaultRun: ReturnType<typeof figures>, verdict: unknown): void {
  const problems = [
    ...(defaultRun.deviations > 0 || verdict !== 'conformant' ? [`the faithful reference is not found conformant (${defaultRun.deviations} deviations, verdict ${String(verdict)})`] : []),
    ...(defaultRun.requests >= TARGETS.requests ? [`${defaultRun.requests} requests (target < ${TARGETS.requests})`] : []),
  ];
  const dir = join(REPO_ROOT, 'reports');
  ensureDir(dir);
  writeFileSync(join(dir, 'bench-quick.json'), JSON.stringify({ date: new Date().toISOString(), seed: SEED, targets: TARGETS, defaultRun, problems }, null, 2));
  line(problems.length ? `\nbench --quick: ${problems.join('; ')}` : `\nbench --quick: conformant, ${defaultRun.requests} requests in ${(defaultRun.wallMs / 1000).toFixed(1)} s\nwritten: reports/bench-quick.json`);
  if (problems.length) process.exitCode = 1;
}

const CLI = join(REPO_ROOT, 'bin/ivs-conformance.js');

/** Makes a child print its CPU time so far (ms, user + system) on stderr on SIGUSR2 and as it exits. */
const CPU_REPORTER = `data:text/javascript,${encodeURIComponent('const p=()=>{const u=process.cpuUsage();process.stderr.write(`\\nCPU ${Math.round((u.user+u.system)/1000)}\\n`)};process.on("SIGUSR2",p);process.on("exit",p)')}`;

/**
 * The default run's CPU time with the suite and the reference apart: the reference in its own
 * process (`ivs-conformance serve`, the built command; its start-up not counted), the suite in this
 * one, against it with the embedded credentials and the default run's settings.
 */
async function cpuApart(): Promise<{ suiteCpuMs: number; referenceCpuMs: number; requests: number; wallMs: number }> {
  const child = spawn(process.execPath, ['--import', CPU_REPORTER, CLI, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const cpuReports: number[] = [];
  const waiting: Array<() => void> = [];
  child.stderr.on('data', (chunk) => {
    err += chunk;
    for (const [, ms] of err.matchAll(/CPU (\d+)\n/g)) cpuReports.push(Number(ms));
    err = err.replace(/CPU \d+\n/g, '');
    waiting.splice(0).forEach((wake) => wake());
  });
  const nextCpuReport = (count: number) =>
    new Promise<number>((resolve, reject) => {
      const check = () => (cpuReports.length >= count ? resolve(cpuReports[count - 1]) : child.exitCode !== null ? reject(new Error(`serve ended: ${err.trim()}`)) : waiting.push(check));
      check();
    });
  child.on('exit', () => waiting.splice(0).forEach((wake) => wake()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    child.on('exit', () => reject(new Error(`serve exited before listening: ${err.trim()}`)));
  });
  try {
    child.kill('SIGUSR2');
    const startupCpuMs = await nextCpuReport(1);
    const [report, wallMs, suiteCpuMs] = await timedCpu(() =>
      runConformance({ ...defaults, target: url, credentials: EMBEDDED_CREDENTIALS[0], otherCredentials: EMBEDDED_CREDENTIALS[1] }),
    );
    child.kill('SIGTERM');
    const referenceCpuMs = (await nextCpuReport(2)) - startupCpuMs;
    return { suiteCpuMs, referenceCpuMs, requests: report.requests, wallMs };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** Milliseconds from spawning the CLI with `args` until stdout matches `ready` (the process is then stopped). */
function timeUntil(args: string[], ready: RegExp): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready.test(out)) {
        resolve(performance.now() - started);
        child.kill('SIGTERM');
      }
    });
    child.on('exit', () => reject(new Error(`${args.join(' ')} exited before printing ${ready}`)));
  });
}

/** `serve` start-up beyond what node + tsx cost anyway (best of three each). */
async function serveStartup(): Promise<{ versionMs: number; listeningMs: number; beyondStartupMs: number }> {
  const version: number[] = [];
  const listening: number[] = [];
  for (let i = 0; i < 3; i++) {
    version.push(await timeUntil(['--version'], /\d+\.\d+\.\d+/));
    listening.push(await timeUntil(['serve', '--port', '0'], /listening on http/));
  }
  const versionMs = Math.round(Math.min(...version));
  const listeningMs = Math.round(Math.min(...listening));
  return { versionMs, listeningMs, beyondStartupMs: listeningMs - versionMs };
}

/** Wall time of `node bin/ivs-conformance.js --version`, spawn to exit: what every CI step pays first. */
async function versionStartup(samples = 11): Promise<{ medianMs: number; samplesMs: number[] }> {
  const samplesMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, '--version'], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`--version exited with ${code}`))));
    });
    samplesMs.push(Math.round(performance.now() - started));
  }
  return { medianMs: median(samplesMs), samplesMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

await main();
