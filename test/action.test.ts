// Issue 12, "a GitHub Action": action.yml's run: steps executed as a runner would (bash -eo
// pipefail, env with ${{ }} expressions evaluated, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files,
// if: always()) in a clean folder, with the packed tarball as the package to install. The uses:
// steps (setup-node, upload-artifact) cannot run here: their inputs are checked instead.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startReference, type ReferenceServer } from '../src/reference/index.ts';
import { cleanEnv, filesUnder, REPO_ROOT } from './helpers/cli.ts';
import { emptyDir, packRepository, removePackageDirs } from './helpers/package.ts';

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}

interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

interface StepResult {
  step: ActionStep;
  /** Exit code of a run: step; undefined for a uses: step or a skipped one. */
  code?: number;
  skipped: boolean;
  output: string;
}

interface ActionRun {
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
  /** uses: steps with their `with:` evaluated. */
  uses: { uses: string; with: Record<string, string> }[];
}

const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** Inputs some test has set: every documented input must be (see the last test). */
const inputsTried = new Set<string>();

/** Runs the action's steps in `workspace` with `inputs` (others take their defaults), the action checked out at `actionPath`. */
async function runAction(workspace: string, runnerTemp: string, inputs: Record<string, string>, env: Record<string, string> = {}, actionPath = REPO_ROOT): Promise<ActionRun> {
  for (const name of Object.keys(inputs)) assert.ok(name in action.inputs, `action.yml has no input "${name}"`);
  for (const name of Object.keys(inputs)) inputsTried.add(name);
  const context = {
    inputs: Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, inputs[name] ?? input.default ?? ''])),
    steps: {} as Record<string, { outputs: Record<string, string> }>,
  };
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      let m: RegExpMatchArray | null;
      if ((m = expression.match(/^inputs\.([\w-]+)$/))) return context.inputs[m[1]] ?? '';
      if (expression === 'runner.temp') return runnerTemp;
      if (expression === 'github.action_path') return actionPath;
      if ((m = expression.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/))) return context.steps[m[1]]?.outputs[m[2]] ?? '';
      throw new Error(`action.yml: expression the test runner does not know: ${expression}`);
    });
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const result: ActionRun = { steps: [], outputs: {}, summary: '', uses: [] };
  let failed = false;
  for (const [index, step] of action.runs.steps.entries()) {
    const condition = step.if ?? 'success()';
    assert.ok(['success()', 'always()'].includes(condition), `step ${step.name}: condition ${condition} is not one the test runner knows`);
    if (condition === 'success()' && failed) {
      result.steps.push({ step, skipped: true, output: '' });
      continue;
    }
    if (step.uses) {
      result.uses.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(String(v))])) });
      result.steps.push({ step, skipped: false, output: '' });
      continue;
    }
    assert.equal(step.shell, 'bash', `step ${step.name}: composite run steps need shell: bash`);
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, step.run!);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: workspace,
        env: cleanEnv({ ...env, ...stepEnv, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: runnerTemp, CI: 'true' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode ?? 1, output: out }));
    });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    if (step.id) context.steps[step.id] = { outputs };
    if (code !== 0) failed = true;
    result.steps.push({ step, code, skipped: false, output });
  }
  result.outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value)]));
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}

const describeRun = (run: ActionRun) => run.steps.map((s) => `--- ${s.step.name}: ${s.skipped ? 'skipped' : s.code ?? 'uses'}\n${s.output.slice(-3000)}`).join('\n');

/** A checkout of the repository as GitHub gives an action: its tracked (and new, unignored) files, no node_modules, no dist. */
function checkout(): string {
  const dir = emptyDir('ivs-action-checkout-');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) if (existsSync(join(REPO_ROOT, file)) && !file.startsWith('node_modules')) cpSync(join(REPO_ROOT, file), join(dir, file), { recursive: true });
  return dir;
}

describe('GitHub Action (action.yml)', function () {
  this.timeout(600_000);
  let tarball: string;

  before(async () => {
    tarball = (await packRepository()).tarball;
  });

  after(removePackageDirs);

  it('by default builds the tool from its own checkout, with no registry beyond the lockfile (npm ci offline), and takes every other input', async () => {
    const actionPath = checkout();
    const workspace = emptyDir('ivs-action-workspace-');
    const runnerTemp = emptyDir('ivs-action-runner-');
    // Offline: npm may use only its cache, i.e. the lockfile's dependencies; no registry request.
    const offline = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const inputs = { profile: 'idenfy', shard: '1/2', seed: '777', args: '--grep token-positive --runs 1', 'report-dir': 'first', 'artifact-name': 'shard-1', 'node-version': '22' };
    const run = await runAction(workspace, runnerTemp, inputs, offline, actionPath);
    assert.equal(run.outputs['exit-code'], '0', describeRun(run));
    assert.match(run.steps[1].output, /^\d+\.\d+\.\d+$/m, 'the install step did not print the version');
    assert.ok(existsSync(join(actionPath, 'dist/src/cli/main.js')), 'not built in the action checkout');
    const report = JSON.parse(readFileSync(join(workspace, 'first/report.json'), 'utf8'));
    assert.equal(report.target.profile, 'idenfy');
    assert.deepEqual(report.shard, { index: 1, count: 2 });
    assert.equal(report.seed, 777);
    assert.equal(run.uses.find((u) => u.uses.startsWith('actions/setup-node@'))?.with['node-version'], '22');
    assert.equal(run.uses.find((u) => u.uses.startsWith('actions/upload-artifact@'))?.with.name, 'shard-1');
    // The same again with the first report as baseline, new deviations only failing.
    const second = await runAction(workspace, runnerTemp, { ...inputs, 'report-dir': 'second', baseline: 'first/report.json', 'fail-on': 'new' }, offline, actionPath);
    assert.equal(second.outputs['exit-code'], '0', describeRun(second));
    const compared = JSON.parse(readFileSync(join(workspace, 'second/report.json'), 'utf8'));
    assert.ok(compared.baseline, 'no baseline comparison in the report');
  });

  it('refuses a registry name without an exact version (a name someone else could publish under)', async () => {
    for (const spec of ['ivs-conformance', 'ivs-conformance@latest', 'ivs-conformance@^0.1.0']) {
      const run = await runAction(emptyDir('ivs-action-workspace-'), emptyDir('ivs-action-runner-'), { package: spec });
      assert.equal(run.steps[1].code, 2, describeRun(run));
      assert.match(run.steps[1].output, /name an exact version/);
      assert.ok(run.steps.slice(2).filter((s) => s.step.run && s.step.if !== 'always()').every((s) => s.skipped), 'the suite ran anyway');
    }
  });

  it('is a composite action whose run: scripts read inputs only through env, and takes no credentials as inputs', () => {
    assert.equal(action.runs.using, 'composite');
    for (const name of ['target', 'environment', 'profile', 'shard', 'baseline', 'fail-on']) assert.ok(name in action.inputs, `no input ${name}`);
    const secretLike = Object.keys(action.inputs).filter((name) => /key|secret|password|token|credential/i.test(name));
    assert.deepEqual(secretLike, [], 'credentials come from secrets through environment variables, never inputs');
    for (const step of action.runs.steps.filter((s) => s.run)) assert.doesNotMatch(step.run!, /\$\{\{/, `step ${step.name}: \${{ }} inside a script (script injection)`);
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@')), 'no setup-node step');
  });

  it('is what examples/github-actions-nightly.yml uses, with inputs it has and credentials from secrets through env', () => {
    const workflow = parseYaml(readFileSync(join(REPO_ROOT, 'examples/github-actions-nightly.yml'), 'utf8'));
    const steps: ActionStep[] = Object.values<any>(workflow.jobs).flatMap((job) => job.steps ?? []);
    const uses = steps.filter((s) => /\/ivs-conformance@/.test(s.uses ?? ''));
    assert.ok(uses.length > 0, 'the nightly example does not use the action');
    for (const step of uses) {
      for (const name of Object.keys(step.with ?? {})) assert.ok(name in action.inputs, `the example passes "${name}", not an input of action.yml`);
      for (const value of Object.values(step.with ?? {})) assert.doesNotMatch(String(value), /secrets\./, 'a secret passed as an input');
      assert.match(String(step.env?.IVS_API_KEY), /^\$\{\{\s*secrets\.IVS_API_KEY\s*\}\}$/);
      assert.match(String(step.env?.IVS_API_SECRET), /^\$\{\{\s*secrets\.IVS_API_SECRET\s*\}\}$/);
    }
  });

  it('against the embedded reference, in a clean folder: installs the package, passes, writes the job summary and uploads report.html and junit.xml', async () => {
    const workspace = emptyDir('ivs-action-workspace-');
    const runnerTemp = emptyDir('ivs-action-runner-');
    const run = await runAction(workspace, runnerTemp, { package: tarball, seed: '12345' });
    assert.deepEqual(run.steps.filter((s) => s.code !== undefined && s.code !== 0).map((s) => s.step.name), [], describeRun(run));
    assert.equal(run.steps.filter((s) => s.skipped).length, 0, describeRun(run));
    assert.equal(run.outputs['exit-code'], '0', describeRun(run));
    const reportDir = join(workspace, run.outputs['report-dir']);
    for (const file of ['report.html', 'junit.xml', 'report.json', 'summary.md']) assert.ok(existsSync(join(reportDir, file)), `${file} missing`);
    const summary = readFileSync(join(reportDir, 'summary.md'), 'utf8');
    assert.ok(summary.length > 0 && run.summary === summary, `the job summary is not summary.md:\n${run.summary}`);
    assert.equal(JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')).seed, 12345);
    const upload = run.uses.find((u) => u.uses.startsWith('actions/upload-artifact@'));
    assert.ok(upload, 'no upload-artifact step');
    const uploaded = upload.with.path.split('\n').map((p) => p.trim()).filter(Boolean);
    for (const file of ['report.html', 'junit.xml']) assert.ok(uploaded.includes(`${run.outputs['report-dir']}/${file}`), `${file} is not uploaded: ${uploaded.join(', ')}`);
    for (const path of uploaded) assert.ok(existsSync(join(workspace, path)), `${path} is uploaded but was not written`);
    assert.equal(run.uses.find((u) => u.uses.startsWith('actions/setup-node@'))?.with['node-version'], '20');
  });

  describe('against a target, credentials from environment variables', () => {
    const KEY = 'action-test-key';
    const SECRET = 'action-test-secret-5f0c9d';
    let reference: ReferenceServer;
    let runnerTemp: string;

    before(async () => {
      reference = await startReference({ credentials: [{ key: KEY, secret: SECRET }], environment: 'development' });
      runnerTemp = emptyDir('ivs-action-runner-');
    });

    after(async () => {
      await reference?.close();
    });

    it('passes with the secret in the environment, and writes it nowhere', async () => {
      const workspace = emptyDir('ivs-action-workspace-');
      const run = await runAction(
        workspace,
        runnerTemp,
        { package: tarball, target: reference.url, environment: 'development', args: '--grep token-positive', 'report-dir': 'out' },
        { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET },
      );
      assert.equal(run.outputs['exit-code'], '0', describeRun(run));
      assert.equal(run.steps.at(-1)!.code, 0, describeRun(run));
      const report = JSON.parse(readFileSync(join(workspace, 'out/report.json'), 'utf8'));
      assert.equal(report.target.url, reference.url);
      for (const file of filesUnder(workspace)) assert.ok(!readFileSync(file, 'utf8').includes(SECRET), `the secret is in ${file}`);
      assert.ok(!run.summary.includes(SECRET), 'the secret is in the job summary');
    });

    it('fails the job with the run\'s exit code (2) when the credentials are missing, after writing the summary', async () => {
      const workspace = emptyDir('ivs-action-workspace-');
      const run = await runAction(workspace, runnerTemp, { package: tarball, target: reference.url, environment: 'development' });
      assert.equal(run.outputs['exit-code'], '2', describeRun(run));
      assert.equal(run.steps.at(-1)!.code, 2, describeRun(run));
      assert.match(run.summary, /no summary/);
    });

  });

  describe('against a target with a deviation (fail-on)', () => {
    const KEY = 'action-test-key';
    const SECRET = 'action-test-secret-77a1e2';
    let reference: ReferenceServer;
    let runnerTemp: string;
    const inputs = () => ({ package: tarball, target: reference.url, environment: 'development', args: '--grep token-(boundaries|negative) --runs 5' });

    before(async () => {
      reference = await startReference({ mutant: 'first-name-max-101', credentials: [{ key: KEY, secret: SECRET }], environment: 'development' });
      runnerTemp = emptyDir('ivs-action-runner-');
    });

    after(async () => {
      await reference?.close();
    });

    it('fail-on any (the default): the job fails with 1, after the summary and the upload', async () => {
      const run = await runAction(emptyDir('ivs-action-workspace-'), runnerTemp, inputs(), { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET });
      assert.equal(run.outputs['exit-code'], '1', describeRun(run));
      assert.equal(run.steps.at(-1)!.code, 1, describeRun(run));
      assert.deepEqual(run.steps.filter((s) => s.skipped).map((s) => s.step.name), []);
      assert.match(run.summary, /firstName/);
    });

    it('fail-on none: deviations reported, the job passes', async () => {
      const run = await runAction(emptyDir('ivs-action-workspace-'), runnerTemp, { ...inputs(), 'fail-on': 'none' }, { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET });
      assert.equal(run.outputs['exit-code'], '1', describeRun(run));
      assert.equal(run.steps.at(-1)!.code, 0, describeRun(run));
    });

    it('another fail-on value is refused (2) before anything is run', async () => {
      const workspace = emptyDir('ivs-action-workspace-');
      const run = await runAction(workspace, runnerTemp, { ...inputs(), 'fail-on': 'sometimes' }, { IVS_API_KEY: KEY, IVS_API_SECRET: SECRET });
      assert.equal(run.outputs['exit-code'], '2', describeRun(run));
      assert.equal(run.steps.at(-1)!.code, 2);
      assert.equal(existsSync(join(workspace, 'ivs-conformance-report')), false);
    });
  });

  // Last (a describe runs after the tests of its parent): what all the runs above have set.
  describe('inputs', () => {
    it('every documented input was tried by a test above', () => {
      assert.deepEqual(Object.keys(action.inputs).filter((name) => !inputsTried.has(name)), []);
    });
  });
});
