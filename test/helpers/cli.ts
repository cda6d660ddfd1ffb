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
  /** The child is killed (SIGKILL) after this long; the test then fails on the result. Default 90 s. */
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
  const timeoutMs = options.timeoutMs ?? 90_000;
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
    waitFor(pattern, waitMs = 30_000) {
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
