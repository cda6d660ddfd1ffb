// Runs the real command line as a subprocess, for the CLI-level tests: its sources through tsx
// (what is tested is what is in the working tree, no build needed; test/package.test.ts tests the
// built package), bounded in time, output captured, no IVS_* variables inherited from the caller's shell.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { strict as assert } from 'node:assert';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** node arguments that start the command line from its sources (tsx resolved here, whatever the cwd). */
// (createRequire, not import.meta.resolve: mocha may load this file through tsx's CommonJS transform.)
export const CLI_ENTRY = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(REPO_ROOT, 'src/cli/main.ts')];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  /** Added to a clean environment (the caller's IVS_* variables are removed). */
  env?: Record<string, string | undefined>;
  /** The child is killed (SIGKILL) after this long; the test then fails on the result. Default 240 s (a bound on a hang, generous for a loaded machine). */
  timeoutMs?: number;
}

/** process.env without IVS_* and CI-progress noise, plus `extra`. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('IVS_')) env[name] = value;
  env.CI = '1'; // plain progress lines, never a live bar
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface RunningCli {
  child: ChildProcess;
  startedAt: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the time (ms since spawn) at which `pattern` first appeared on stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<{ ms: number; match: RegExpMatchArray }>;
  exited: Promise<CliResult>;
}

export function spawnCli(args: string[], options: CliOptions = {}): RunningCli {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: (v: { ms: number; match: RegExpMatchArray }) => void }[] = [];
  const check = () => {
    for (const w of [...watchers]) {
      const match = stdout.match(w.pattern) ?? stderr.match(w.pattern);
      if (match) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve({ ms: performance.now() - startedAt, match });
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    check();
  });
  const timeoutMs = options.timeoutMs ?? 240_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<CliResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolvePromise({ code, signal, stdout, stderr, ms: performance.now() - startedAt });
    });
  });
  return {
    child,
    startedAt,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, waitMs = 120_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${waitMs} ms waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`)), waitMs);
        watchers.push({
          pattern,
          resolve: (v) => {
            clearTimeout(timer);
            resolvePromise(v);
          },
        });
        check();
        void exited.then(() => {
          check();
          if (watchers.some((w) => w.pattern === pattern)) {
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern} appeared\nstdout: ${stdout}\nstderr: ${stderr}`));
          }
        });
      });
    },
    exited,
  };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).exited;
}

const temps: string[] = [];

/** A fresh temporary directory, removed by `removeTemps()`. */
export function tempDir(prefix = 'ivs-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Lines of a node stack trace ("    at fn (file:1:2)"). */
export const STACK_LINE = /^\s+at\s/m;

/** Exactly one non-empty line on stderr, no stack trace. */
export function assertOneLineError(result: CliResult, pattern?: RegExp): void {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `expected exactly one stderr line, got:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, STACK_LINE, 'stack trace on stderr');
  assert.match(lines[0], /^ivs-conformance: /);
  if (pattern) assert.match(lines[0], pattern);
}

/** Describes a result for assertion messages. */
export function show(result: CliResult): string {
  return `exit ${result.code} (signal ${result.signal}) after ${Math.round(result.ms)} ms\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}

// ---- the command line in this process ------------------------------------------------------------
// For tests that only read the output and exit code: main(argv) of src/cli/main.ts called here, with
// the environment, working directory, stdout and stderr of a subprocess simulated for the call
// (node + tsx start-up and module loading paid once per test file instead of once per command).
// One call at a time. Signals, the bin, packaging and start-up stay true subprocesses (spawnCli).

const IN_PROCESS = Symbol.for('ivs-conformance.main.in-process');
let queue: Promise<unknown> = Promise.resolve();

export interface InProcessOptions extends Omit<CliOptions, 'timeoutMs'> {
  /** Record (and refuse) every network connection and DNS lookup during the call. */
  guardNetwork?: boolean;
}

export interface InProcessResult extends CliResult {
  /** Connections and lookups attempted, with guardNetwork. */
  networkAttempts: string[];
}

/** Runs `ivs-conformance ...args` in this process; resolves as a finished subprocess would. */
export function runCliInProcess(args: string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  const result = queue.then(() => callMain(args, options));
  queue = result.catch(() => undefined);
  return result;
}

async function callMain(args: string[], options: InProcessOptions): Promise<InProcessResult> {
  (globalThis as Record<symbol, unknown>)[IN_PROCESS] = true;
  const { main } = await import('../../src/cli/main.ts');
  const saved = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode, argv: process.argv, out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof process.stdout.write;
  const attempts: string[] = [];
  const unguard = options.guardNetwork ? guardNetwork(attempts) : () => undefined;
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, cleanEnv(options.env));
  process.chdir(options.cwd ?? REPO_ROOT);
  process.exitCode = undefined;
  process.argv = [process.execPath, join(REPO_ROOT, 'src/cli/main.ts'), ...args];
  process.stdout.write = capture((t) => (stdout += t));
  process.stderr.write = capture((t) => (stderr += t));
  const startedAt = performance.now();
  let code: number;
  try {
    code = await main(process.argv);
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, saved.env);
    unguard();
  }
  return { code, signal: null, stdout, stderr, ms: performance.now() - startedAt, networkAttempts: attempts };
}

/** Refuses (and records) TCP connections and DNS lookups until the returned function is called. */
function guardNetwork(attempts: string[]): () => void {
  const require = createRequire(import.meta.url);
  const net = require('node:net') as typeof import('node:net');
  const dns = require('node:dns') as typeof import('node:dns') & Record<string, unknown>;
  const refuse = (what: string) => {
    attempts.push(what);
    throw new Error(`network use refused by the test: ${what}`);
  };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: import('node:net').Socket, ...args: unknown[]) {
    const o = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { path?: string; host?: string; port?: number } | string | number;
    if (typeof o === 'object' && o !== null && o.path) return (connect as (...a: unknown[]) => unknown).apply(this, args); // IPC is not network
    return refuse(`connect ${typeof o === 'object' && o !== null ? `${o.host ?? 'localhost'}:${o.port}` : String(o)}`);
  } as typeof connect;
  const names = ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'] as const;
  const savedDns = names.map((n) => [dns[n], (dns.promises as Record<string, unknown>)[n]] as const);
  for (const n of names) {
    (dns as Record<string, unknown>)[n] = (host: string) => refuse(`dns.${n} ${host}`);
    (dns.promises as Record<string, unknown>)[n] = async (host: string) => refuse(`dns.promises.${n} ${host}`);
  }
  return () => {
    net.Socket.prototype.connect = connect;
    names.forEach((n, i) => {
      (dns as Record<string, unknown>)[n] = savedDns[i][0];
      (dns.promises as Record<string, unknown>)[n] = savedDns[i][1];
    });
  };
}
