// Global fixtures of `npm test` (mocha runs these once, in its main process, around all workers):
// `npm pack` of the repository starts at once in the background, into a folder named by
// IVS_TEST_PACK_DIR, and every test process that needs the package waits for that one tarball
// (test/helpers/package.ts) instead of building and packing its own: the prepack script cleans
// dist/, so two packs at once would also break each other.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACK_DIR_VARIABLE, packInto } from './package.ts';

let packing: { child: ChildProcess; exited: Promise<void> } | undefined;
let dir: string | undefined;

export function mochaGlobalSetup(): void {
  dir = mkdtempSync(join(tmpdir(), 'ivs-test-pack-'));
  process.env[PACK_DIR_VARIABLE] = dir;
  packing = packInto(dir);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (packing && packing.child.exitCode === null && packing.child.signalCode === null) packing.child.kill('SIGTERM');
  await packing?.exited;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
