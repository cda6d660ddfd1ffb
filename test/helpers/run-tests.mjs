// `npm test`: the type check (tsc --noEmit) and the test files (mocha --config test/helpers/mocharc.cjs)
// at once instead of one after the other: tsc is one process on one core for tens of seconds, and the
// test workers are not busy every moment. Both must pass; tsc's output is printed after mocha's
// (it is short, and never interleaved with mocha's report). Arguments go to mocha.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const children = new Set();
// A stop sent to this process alone (kill PID) stops both; Ctrl-C reaches the whole group anyway.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { for (const child of children) child.kill(signal); });

function run(args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    children.add(child);
    let output = '';
    if (capture) {
      child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

const started = Date.now();
const typecheck = run([require.resolve('typescript/bin/tsc'), '--noEmit'], true).then((result) => ({ ...result, seconds: (Date.now() - started) / 1000 }));
const tests = run([require.resolve('mocha/bin/mocha.js'), '--config', 'test/helpers/mocharc.cjs', ...process.argv.slice(2)], false);
const [checked, tested] = await Promise.all([typecheck, tests]);
process.stdout.write(checked.output);
process.stdout.write(`tsc --noEmit: ${checked.code === 0 ? 'no error' : `failed (exit ${checked.code})`} in ${checked.seconds.toFixed(1)} s\n`);
process.exitCode = checked.code !== 0 ? checked.code : tested.code;
