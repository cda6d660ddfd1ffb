// Memory and report size under hostile answers (issue 16 item 4, issue 20 item 3), for `npm run
// bench`: the peak resident memory of the real command (a child process, so the figure is its own)
// and the size of its report folder (and --har file) for
//  1. a default run against the embedded reference, and
//  2. targets that answer every request with 1 MB: a plain 1 MB body, and a JSON error whose
//     identifier and message are each a megabyte long, with and without --har (--max-requests 150).
// Targets: each hostile run under 300 MB, its reports (HAR included) under 20 MB.
// Standalone (the hostile part alone, from the sources): node --import tsx src/bench/hostile-bench.ts --hostile-only
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../contract/load.ts';
import { ensureDir } from '../reporters/common.ts';

export const HOSTILE_TARGETS = { bigBodiesPeakRssMb: 300, bigBodiesReportMb: 20 };

export interface MemoryFigures {
  wallMs: number;
  exitCode: number | null;
  peakRssMb: number;
  reportMb: number;
  requests?: number;
}

export type HostileCase = MemoryFigures & { name: string; answer: 'big body' | 'megabyte identifiers'; har: boolean; bodyBytes: number; maxRequests: number };

export interface HostileBench {
  defaultRun?: MemoryFigures;
  /** The first hostile case (1 MB bodies, no HAR), as earlier benches recorded it. */
  bigBodies: HostileCase;
  cases: HostileCase[];
  targets: typeof HOSTILE_TARGETS;
  withinTargets: boolean;
}

const BODY_BYTES = 1_000_000;
const MAX_REQUESTS = 150;

/** How the command is started: the built launcher when there is one, else the sources through tsx. */
function entry(fromSources: boolean): string[] {
  const built = join(REPO_ROOT, 'dist/src/cli/main.js');
  try {
    if (fromSources) throw new Error('sources asked for');
    statSync(built);
    return [join(REPO_ROOT, 'bin/ivs-conformance.js')];
  } catch {
    return ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts')];
  }
}

/** Runs the command in a child whose peak RSS (getrusage maxRSS) is written out as it exits; `extraFiles` count in the report size. */
export async function measuredRun(args: string[], work: string, extraFiles: string[] = [], fromSources = false): Promise<MemoryFigures> {
  const peakFile = join(work, 'peak.json');
  const preload = join(work, 'peak.mjs');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
`,
  );
  const reportDir = join(work, 'reports');
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` };
  for (const name of Object.keys(env)) if (name.startsWith('IVS_')) delete env[name];
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...entry(fromSources), ...args, '--report-dir', reportDir, '--no-progress'], { env, stdio: 'ignore', cwd: REPO_ROOT });
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = Math.round(performance.now() - started);
  const { maxRssKb } = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRssKb: number };
  let requests: number | undefined;
  try {
    requests = (JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as { requests: number }).requests;
  } catch {
    // no report: the figure stays undefined
  }
  return { wallMs, exitCode, peakRssMb: Math.round(maxRssKb / 1024), reportMb: round((folderBytes(reportDir) + extraFiles.reduce((n, f) => n + fileBytes(f), 0)) / 1e6), ...(requests !== undefined ? { requests } : {}) };
}

function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
    }
  } catch {
    // missing folder: 0
  }
  return total;
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Every request answered with about 1 MB: a plain body (a 500), or a JSON error whose identifier and message are each 1 MB (a 400). */
export async function hostileTarget(answer: HostileCase['answer']): Promise<{ url: string; close(): Promise<void> }> {
  const body =
    answer === 'big body'
      ? Buffer.alloc(BODY_BYTES, 'x')
      : Buffer.from(JSON.stringify({ identifier: 'I'.repeat(BODY_BYTES / 2), message: 'M'.repeat(BODY_BYTES / 2), scanRef: 'S'.repeat(BODY_BYTES / 4) }));
  const status = answer === 'big body' ? 500 : 400;
  const type = answer === 'big body' ? 'text/plain' : 'application/json';
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': type, 'content-length': body.length }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

/** One hostile case: a run against `answer` (with or without --har), measured. */
export async function hostileCase(answer: HostileCase['answer'], har: boolean, work: string, seed = 20261122, maxRequests = MAX_REQUESTS, fromSources = false, extraArgs: string[] = []): Promise<HostileCase> {
  const target = await hostileTarget(answer);
  try {
    ensureDir(work);
    const harFile = join(work, 'run.har');
    const figures = await measuredRun(
      ['run', '--no-preflight', '--target', target.url, '--api-key', 'bench-key', '--api-secret', 'bench-secret', '--environment', 'development', '--seed', String(seed), '--max-requests', String(maxRequests), ...(har ? ['--har', harFile] : []), ...extraArgs],
      work,
      har ? [harFile] : [],
      fromSources,
    );
    return { name: `${answer}${har ? ' --har' : ''}`, answer, har, ...figures, bodyBytes: BODY_BYTES, maxRequests };
  } finally {
    await target.close();
  }
}

export async function hostileBench(seed = 20261122, options: { hostileOnly?: boolean } = {}): Promise<HostileBench> {
  const work = mkdtempSync(join(tmpdir(), 'ivs-hostile-bench-'));
  try {
    ensureDir(join(work, 'default'));
    const defaultRun = options.hostileOnly ? undefined : await measuredRun(['run', '--seed', String(seed)], join(work, 'default'));
    const cases: HostileCase[] = [];
    for (const answer of ['big body', 'megabyte identifiers'] as const) {
      for (const har of [false, true]) cases.push(await hostileCase(answer, har, join(work, `${answer.replace(/ /g, '-')}${har ? '-har' : ''}`), seed));
    }
    const withinTargets = cases.every((c) => c.peakRssMb < HOSTILE_TARGETS.bigBodiesPeakRssMb && c.reportMb < HOSTILE_TARGETS.bigBodiesReportMb);
    return { ...(defaultRun ? { defaultRun } : {}), bigBodies: cases[0], cases, targets: HOSTILE_TARGETS, withinTargets };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await hostileBench(undefined, { hostileOnly: process.argv.includes('--hostile-only') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
