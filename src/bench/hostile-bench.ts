// Memory and report size under big answers (issue 16 item 4), for `npm run bench`: the peak
// resident memory of the real command (a child process, so the figure is its own) for
//  1. a default run against the embedded reference, and
//  2. a run against a target that answers every request with a 1 MB body (--max-requests 150),
// with the size of each run's report folder. Targets: run 2 under 300 MB, its reports under 20 MB.
// Standalone: node --import tsx src/bench/hostile-bench.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

export interface HostileBench {
  defaultRun: MemoryFigures;
  bigBodies: MemoryFigures & { bodyBytes: number; maxRequests: number };
  targets: typeof HOSTILE_TARGETS;
  withinTargets: boolean;
}

const BODY_BYTES = 1_000_000;
const MAX_REQUESTS = 150;

/** Runs the command in a child whose peak RSS (getrusage maxRSS) is written out as it exits. */
async function measuredRun(args: string[], work: string): Promise<MemoryFigures> {
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
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/ivs-conformance.js'), ...args, '--report-dir', reportDir, '--no-progress'], { env, stdio: 'ignore' });
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
  return { wallMs, exitCode, peakRssMb: Math.round(maxRssKb / 1024), reportMb: round(folderBytes(reportDir) / 1e6), ...(requests !== undefined ? { requests } : {}) };
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

const round = (n: number) => Math.round(n * 10) / 10;

/** A loopback target answering every request with a 1 MB body and a 500 (so each answer is a deviation with its body stored). */
async function bigBodyTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const body = Buffer.alloc(BODY_BYTES, 'x');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(500, { 'content-type': 'text/plain', 'content-length': BODY_BYTES }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

export async function hostileBench(seed = 20261122): Promise<HostileBench> {
  const work = mkdtempSync(join(tmpdir(), 'ivs-hostile-bench-'));
  const target = await bigBodyTarget();
  try {
    ensureDir(join(work, 'default'));
    ensureDir(join(work, 'big'));
    const defaultRun = await measuredRun(['run', '--seed', String(seed)], join(work, 'default'));
    const big = await measuredRun(
      ['run', '--no-preflight', '--target', target.url, '--api-key', 'bench-key', '--api-secret', 'bench-secret', '--environment', 'development', '--seed', String(seed), '--max-requests', String(MAX_REQUESTS)],
      join(work, 'big'),
    );
    const bigBodies = { ...big, bodyBytes: BODY_BYTES, maxRequests: MAX_REQUESTS };
    const withinTargets = bigBodies.peakRssMb < HOSTILE_TARGETS.bigBodiesPeakRssMb && bigBodies.reportMb < HOSTILE_TARGETS.bigBodiesReportMb;
    return { defaultRun, bigBodies, targets: HOSTILE_TARGETS, withinTargets };
  } finally {
    await target.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await hostileBench();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
