// The package as users get it: `npm pack` of this repository (its prepare script builds dist/),
// installed from the tarball into an empty folder. Packed once per test process, shared by
// test/package.test.ts and test/action.test.ts.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

let packing: Promise<Packed> | undefined;

/** `npm pack` of the repository into a temporary folder (once per process). */
export function packRepository(): Promise<Packed> {
  packing ??= (async () => {
    const destination = mkdtempSync(join(tmpdir(), 'ivs-pack-'));
    process.once('exit', () => rmSync(destination, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
    // npm prints the prepare script's output before the JSON.
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
    return { tarball: join(destination, info.filename), files: info.files.map((f: { path: string }) => f.path), size: info.size };
  })();
  return packing;
}

/** Installs `spec` (a tarball path or an npm spec) into the project `dir` as a user would: `npm install <spec>`. */
export async function npmInstall(dir: string, spec: string): Promise<void> {
  // A package.json of its own, so npm installs here and not into a project found above.
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "name": "ivs-user", "private": true }\n');
  await run('npm', ['install', '--prefer-offline', spec], { cwd: dir, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
}
