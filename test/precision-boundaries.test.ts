// One-way dependencies (issue 13 item 4): the engine never imports the embedded reference; the CLI,
// the self-tests and the bench start it and hand its URL to the engine as the target.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/contract/load.ts';
import { runPlan, TargetUnreachable } from '../src/engine/run.ts';
import { planFor } from '../src/plan.ts';

describe('engine → reference: one way', () => {
  it('no file of src/engine imports src/reference', () => {
    const dir = join(REPO_ROOT, 'src/engine');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.ok(!/from ['"][^'"]*reference\//.test(text), `src/engine/${file} imports the reference`);
    }
  });

  it('the engine alone, given a target that does not answer, says so in one line instead of starting anything', async () => {
    const options = { environment: 'development' as const, profile: 'markid', seed: 1, runs: 1, rate: 0, concurrency: 1, timeoutMs: 1000, allowProductionWrites: false, webhookTimeoutMs: 1000, harness: 'direct' as const };
    await assert.rejects(
      runPlan(await planFor(options), { url: 'http://127.0.0.1:9', credentials: { key: 'k', secret: 's' } }, options),
      (error: Error) => error instanceof TargetUnreachable && !error.message.includes('\n'),
    );
  });
});
