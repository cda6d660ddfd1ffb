// The ivs-conformance command line (see docs/interface.md): run, serve, list, report.
// Exit codes: 0 conformant · 1 deviations · 2 usage or configuration error · 3 target unreachable
// or no verdict possible. Errors are one line; no stack trace reaches the user.
//
// Start-up is lazy: this module imports only commander and src/assets.ts, so `--version` and
// `--help` load nothing else. Each command's action imports its module when it runs:
//   .action(async (options) => { process.exitCode = await (await import('./x-command.ts')).xCommand(options); })
// and the option parsers of options.ts (which import the contract loader) are loaded once a
// command is chosen, before its options are parsed (the preSubcommand hook below).
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../assets.ts';
import { LIMITS } from './limits.ts';
import { RUN_SETTINGS, parserOf, type ParserSet } from './settings.ts';
import { visibleControls } from '../reporters/neutralise.ts';
import type * as OptionParsers from './options.ts';
import { ENV } from '../env-names.ts';

let parsers: typeof OptionParsers | undefined;
const loaded = (): typeof OptionParsers => {
  if (!parsers) throw new Error('option parsers used before a command was chosen');
  return parsers;
};
// The parsers of options.ts under their own names and types, deferred: each calls the real one when
// commander parses a value (by then the preSubcommand hook has loaded options.ts). A new parser
// used below gets one line here.
type Parsers = typeof OptionParsers;
type ParserFactory = { [K in keyof Parsers]: Parsers[K] extends (...args: any[]) => (value: string) => unknown ? K : never }[keyof Parsers];
type Parser = { [K in keyof Parsers]: Parsers[K] extends (value: string) => unknown ? K : never }[keyof Parsers];
const deferredFactory = <K extends ParserFactory>(name: K) => ((...args: unknown[]) => (value: string) => (loaded()[name] as any)(...args)(value)) as Parsers[K];
const deferred = <K extends Parser>(name: K) => ((value: string) => (loaded()[name] as any)(value)) as Parsers[K];
const integer = deferredFactory('integer');
const rate = deferredFactory('rate');
const httpUrl = deferredFactory('httpUrl');
const environment = deferred('environment');
const profile = deferred('profile');
const shard = deferred('shard');
const regex = deferred('regex');
const failOn = deferred('failOn');
const features = deferred('features');
const depth = deferred('depth');
const DEFERRED_PARSERS: ParserSet = { integer, rate, httpUrl, environment, profile, shard, regex, failOn, features, depth };

export const EXIT = { conformant: 0, deviations: 1, usage: 2, unreachable: 3 } as const;

/** Set on globalThis by a caller that imports this module to call main() itself (the tests). */
export const IN_PROCESS = Symbol.for('ivs-conformance.main.in-process');

function buildProgram(): Command {
  const program = new Command('ivs-conformance')
    .description('Conformance suite for the identity-verification service API v2 (iDenfy / Mark ID).')
    .version(VERSION)
    .exitOverride()
    // Commander's own error printing is silenced (settings are inherited by the commands added
    // below): main() prints one line instead.
    .configureOutput({ outputError: () => {} })
    .hook('preSubcommand', async () => {
      parsers ??= await import('./options.ts');
    });

  const run = program.command('run').description('run the conformance suites against a target (no --target: against the embedded reference)');
  // Every setting from one table (settings.ts): flag, environment variable, config key, parser.
  for (const setting of RUN_SETTINGS) {
    const option = new Option(setting.flags, setting.description);
    if (setting.env && !setting.boolean) option.env(setting.env); // on/off variables are read strictly by run-command.ts
    const parse = parserOf(setting, DEFERRED_PARSERS);
    if (parse) option.argParser(parse);
    run.addOption(option);
  }
  run
    .addHelpText(
      'after',
      `
Examples:
  ivs-conformance run                                   against the embedded reference (no account needed)
  ${ENV.apiKey}=… ${ENV.apiSecret}=… ivs-conformance run --target https://ivs.markid.eu --environment development
  ivs-conformance run --seed 1234 --grep token-negative replay one suite of an earlier run
  ivs-conformance run --baseline reports/latest/report.json --fail-on new

Secrets: pass them as environment variables (${ENV.apiKey}, ${ENV.apiSecret}, ${ENV.apiKey2}, ${ENV.apiSecret2},
${ENV.webhookSigningKey}) or in a config file only you can read (chmod 600), not as flags: any user of
the machine can read a command's flags (ps). Secrets under 3 characters are refused.

Exit codes: 0 conformant, 1 deviations, 2 usage error, 3 target unreachable or no verdict.`,
    )
    .action(async (options, command: Command) => {
      // Only what a flag or a variable set: commander's defaults (progress: true) must not hide a config key.
      const given = Object.fromEntries(Object.entries(options).filter(([key]) => command.getOptionValueSource(key) !== 'default'));
      process.exitCode = await (await import('./run-command.ts')).runCommand(given);
    });

  program
    .command('serve')
    .description('run the embedded reference implementation of the API until stopped')
    .addOption(new Option('--port <port>', 'port (0 = a free one)').default(0).argParser(integer('--port', 0, LIMITS.port)))
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--environment <env>', 'development | testing | production').default('development').argParser(environment))
    .addOption(new Option('--profile <name>', 'markid | idenfy | path to a profile YAML').default('markid').argParser(profile))
    .addOption(new Option('--api-key <key>', 'API key it accepts').env(ENV.apiKey))
    .addOption(new Option('--api-secret <secret>', 'API secret it accepts').env(ENV.apiSecret))
    .addOption(new Option('--signing-key <key>', 'webhook signing key (default: the API secret)').env(ENV.webhookSigningKey))
    .addOption(new Option('--rate-limit <n>', 'requests per hour per API key').argParser(integer('--rate-limit', 1, LIMITS.rateLimit)))
    .addOption(new Option('--mutant <id>', 'switch on one deliberate deviation from the catalogue (see list --mutants)'))
    .addOption(new Option('--deny <fields>', 'gated fields this account has not enabled, comma-separated (e.g. callbackUrl,checkLiveness)').argParser((v: string) => v.split(',').map((f) => f.trim()).filter(Boolean)))
    .addOption(new Option('--alternate <ids>', 'switch on conformant variants from the catalogue, comma-separated (see list --alternates)').argParser((v: string) => v.split(',').map((f) => f.trim()).filter(Boolean)))
    .action(async (options) => {
      if (options.deny?.length) await loaded().assertKnownGatedFields(options.profile, options.deny);
      process.exitCode = await (await import('./serve-command.ts')).serveCommand(options);
    });

  program
    .command('list')
    .description('list suites, checks and the rulings they enforce (the coverage matrix)')
    .addOption(new Option('--profile <name>', 'markid | idenfy | path').default('markid').argParser(profile))
    .addOption(new Option('--environment <env>', 'the setting to plan for').default('development').argParser(environment))
    .option('--json', 'machine-readable output')
    .option('--mutants', 'list the reference implementation’s catalogue of deliberate deviations')
    .option('--alternates', 'list the reference implementation’s catalogue of conformant variants (the latitudes it can take)')
    .option('--taxonomy', 'list, per field, the value classes sent, each value\'s role (accepted and echoed, refused with an identifier, never 5xx) and why a class does not apply')
    .addOption(new Option('--depth <depth>', 'with --taxonomy: default or thorough').default('default').argParser(depth))
    .action(async (options) => {
      process.exitCode = await (await import('./list-command.ts')).listCommand(options);
    });

  program
    .command('report')
    .description('re-render a report.json, compare it with a baseline, or merge shard reports')
    .argument('[reports...]', 'report.json (or, with --merge, the shard reports)')
    .option('--baseline <file>', 'an earlier report.json to compare with')
    .addOption(new Option('--format <format>', 'html | md | junit | json (default: all)').choices(['html', 'md', 'junit', 'json']))
    .option('--merge', 'merge shard reports of one run into one report')
    .option('--history <dir>', 'a folder of earlier reports (one run each, e.g. nightly): write history.html, the trend and the changes per night')
    .option('--report-dir <dir>', 'where to write (default: beside the report, or reports/merged-<timestamp>/)')
    .addOption(new Option('--fail-on <which>', 'exit as a run would: 1 on the deviations selected (any | new | documented | ruled | categories), 3 if incomplete or no verdict, else 0').argParser(failOn))
    .action(async (reports: string[], options) => {
      if (options.history) {
        process.exitCode = await (await import('./history-command.ts')).historyCommand(options.history, reports, options);
        return;
      }
      process.exitCode = await (await import('./report-command.ts')).reportCommand(reports, options);
    });

  program
    .command('diff')
    .description('every behavioural change between two reports: regression, fix, drift (both conformant), changed deviation, coverage change')
    .argument('<before>', 'the earlier report (directory or report.json)')
    .argument('<after>', 'the later report (directory or report.json)')
    .addOption(new Option('--format <format>', 'what to print: text (default) | md | json | html').choices(['text', 'md', 'json', 'html']))
    .option('--report-dir <dir>', 'also write drift.md, drift.json and drift.html there')
    .addOption(new Option('--fail-on <classes>', 'exit 1 when a change of these classes is found: regression (default), fix, drift, changed-deviation, coverage, change (all)').argParser(failOn))
    .addHelpText('after', '\nExit codes: 0 no change of the --fail-on classes, 1 some, 2 usage error.')
    .action(async (before: string, after: string, options) => {
      process.exitCode = await (await import('./diff-command.ts')).diffCommand(before, after, options);
    });

  program
    .command('replay')
    .description('re-send the requests (and flows) of earlier deviations: still failing, fixed or inconclusive')
    .argument('<report>', 'a report.json of an earlier run')
    .option('--id <ids...>', 'only these deviations or problems (ids or unique prefixes)')
    .addOption(new Option('--target <url>', 'base URL to re-check (default: the report\'s target; an embedded one is started again)').env(ENV.target).argParser(httpUrl('--target')))
    .addOption(new Option('--api-key <key>', 'API key').env(ENV.apiKey))
    .addOption(new Option('--api-secret <secret>', 'API secret').env(ENV.apiSecret))
    .addOption(new Option('--webhook-signing-key <key>', 'key that signs Idenfy-Signature').env(ENV.webhookSigningKey))
    .addOption(new Option('--timeout <ms>', 'per-request timeout').argParser(integer('--timeout', 1)))
    .addHelpText('after', '\nExit codes: 0 all fixed, 1 some still failing, 2 usage error, 3 some inconclusive or target unreachable.')
    .action(async (report: string, options) => {
      const { replayCommand } = await import('./replay-command.ts');
      process.exitCode = await replayCommand(report, options);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return EXIT.usage; // help shown for a missing command
      process.stderr.write(`ivs-conformance: ${error.message.replace(/^error: /, '')} (see --help)\n`);
      return EXIT.usage;
    }
    if (parsers && error instanceof parsers.UsageError) {
      // A usage error may quote a report's or a target's text: one line, controls shown, not obeyed.
      process.stderr.write(`ivs-conformance: ${visibleControls(error.message.replace(/\s+/g, ' '))}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ivs-conformance: ${visibleControls((error as Error).message?.split('\n')[0] ?? String(error))}\n`);
    return EXIT.usage;
  }
}

// Output piped into `head` and closed early is not an error of ours.
for (const stream of [process.stdout, process.stderr]) stream.on('error', (error: NodeJS.ErrnoException) => error.code === 'EPIPE' && process.exit(process.exitCode ?? 0));

// The tests call main() in-process (test/helpers/cli.ts sets this flag before importing): not started then.
if (!(globalThis as { [IN_PROCESS]?: boolean })[IN_PROCESS]) process.exitCode = await main(process.argv);
