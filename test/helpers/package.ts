// The package as users get it: `npm pack` of this repository (its prepare script builds dist/),
// installed from the tarball into an empty folder. Packed once per `npm test` (the global fixture in
// test/helpers/global-fixtures.ts starts it; test/package.test.ts and test/action.test.ts, in
// whatever worker, wait for it), or once per process when a file runs alone.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './cli.ts';

const run = promisify(execFile);

export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package (package.json, bin/…, dist/…). */
  files: string[];
  /** Size of the tarball in bytes. */
  size: number;
}

/** The environment for npm subprocesses: quiet, no audit or funding requests, no IVS_* variables. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('IVS_')) env[name] = value;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
}

const dirs: string[] = [];

/** A fresh empty folder, removed by `removePackageDirs()`. */
export function emptyDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removePackageDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Names the folder the global fixture packs into (set in the environment of every mocha worker). */
export const PACK_DIR_VARIABLE = 'IVS_TEST_PACK_DIR';
const RESULT = 'packed.json';
const FAILURE = 'pack-failed.txt';

/** Reads npm pack --json output (npm prints the prepack script's output before the JSON). */
function parsePackOutput(stdout: string, destination: string): Packed {
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return { tarball: join(destination, info.filename), files: info.files.map((f: { path: string }) => f.path), size: info.size };
}

/** Starts `npm pack` into `dir`; on exit it leaves packed.json (a Packed) or pack-failed.txt there. */
export function packInto(dir: string, start: typeof spawn = spawn): { child: ChildProcess; exited: Promise<void> } {
  const child = start('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => {
    const fail = (why: string) => (writeFileSync(join(dir, FAILURE), why), resolve());
    child.on('error', (error) => fail(`npm pack could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      if (code !== 0) return fail(`npm pack exited with ${code ?? signal}\n${stderr.slice(-4000)}`);
      try {
        // Written under another name first: a reader never sees half a file.
        writeFileSync(join(dir, `${RESULT}.partial`), JSON.stringify(parsePackOutput(stdout, dir)));
        renameSync(join(dir, `${RESULT}.partial`), join(dir, RESULT));
        resolve();
      } catch (error) {
        fail(`npm pack printed no package: ${(error as Error).message}\n${stdout.slice(-2000)}`);
      }
    });
  });
  return { child, exited };
}

/** Waits (on file-system events, and a re-check every second in case one is missed) for the global fixture's pack. */
function awaitSharedPack(dir: string, timeoutMs = 600_000): Promise<Packed> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir);
    const settle = () => {
      if (existsSync(join(dir, FAILURE))) return done(() => reject(new Error(readFileSync(join(dir, FAILURE), 'utf8'))));
      if (existsSync(join(dir, RESULT))) {
        try {
          const packed = JSON.parse(readFileSync(join(dir, RESULT), 'utf8')) as Packed;
          return done(() => resolve(packed));
        } catch {
          // being written: the next event settles it
        }
      }
    };
    const recheck = setInterval(settle, 1_000);
    const timer = setTimeout(() => done(() => reject(new Error(`no package in ${dir} after ${timeoutMs} ms`))), timeoutMs);
    function done(then: () => void) {
      watcher.close();
      clearInterval(recheck);
      clearTimeout(timer);
      then();
    }
    watcher.on('change', settle);
    watcher.on('error', () => undefined); // the interval still checks
    settle();
  });
}

let packing: Promise<Packed> | undefined;

/** `npm pack` of the repository: the one of this `npm test` run, else into a temporary folder (once per process). */
export function packRepository(): Promise<Packed> {
  const shared = process.env[PACK_DIR_VARIABLE];
  if (shared && existsSync(shared)) return (packing ??= awaitSharedPack(shared));
  packing ??= (async () => {
    const destination = mkdtempSync(join(tmpdir(), 'ivs-pack-'));
    process.once('exit', () => rmSync(destination, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
    return parsePackOutput(stdout, destination);
  })();
  return packing;
}

/** Installs `spec` (a tarball path or an npm spec) into the project `dir` as a user would: `npm install <spec>`. */
export async function npmInstall(dir: string, spec: string): Promise<void> {
  // A package.json of its own, so npm installs here and not into a project found above.
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "name": "ivs-user", "private": true }\n');
  await run('npm', ['install', '--prefer-offline', spec], { cwd: dir, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
}
