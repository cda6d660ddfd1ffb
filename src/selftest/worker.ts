// A self-test worker: reads SelfTestOptions as JSON on stdin, runs them in this process and writes
// the result as one JSON line on stdout (runSelfTest with `processes` spreads mutants over workers).
import { runSelfTest, type SelfTestOptions } from './selftest.ts';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const result = await runSelfTest(JSON.parse(input) as SelfTestOptions);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
