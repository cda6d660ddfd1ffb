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
import { visibleControls } from '../reporters/neutralise.ts';
import type * as OptionParsers from './options.ts';

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
const positiveNumber = deferredFactory('positiveNumber');
const httpUrl = deferredFactory('httpUrl');
const environment = deferred('environment');
const profile = deferred('profile');
const shard = deferred('shard');
const regex = deferred('regex');
const failOn = deferred('failOn');
const features = deferred('features');

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

  program
    .command('run')
    .description('run the conformance suites against a target (no --target: against the embedded reference)')
    .addOption(new Option('--target <url>', 'base URL of the API, e.g. https://ivs.markid.eu').env('IVS_TARGET_URL').argParser(httpUrl('--target')))
    .addOption(new Option('--api-key <key>', 'API key (basic-auth username)').env('IVS_API_KEY'))
    .addOption(new Option('--api-secret <secret>', 'API secret (basic-auth password)').env('IVS_API_SECRET'))
    .addOption(new Option('--api-key-2 <key>', 'a second key pair of the account, for the per-key isolation check (D1)').env('IVS_API_KEY_2'))
    .addOption(new Option('--api-secret-2 <secret>', 'secret of the second key pair').env('IVS_API_SECRET_2'))
    .addOption(new Option('--environment <env>', 'what the account is: development | testing | production (required with --target)').env('IVS_ENVIRONMENT').argParser(environment))
    .addOption(new Option('--profile <name>', 'vendor variant: markid | idenfy | path to a profile YAML').env('IVS_PROFILE').argParser(profile))
    .addOption(new Option('--webhook-signing-key <key>', 'key that signs Idenfy-Signature (default: the API secret)').env('IVS_WEBHOOK_SIGNING_KEY'))
    .addOption(new Option('--webhook-url <url>', 'public https URL that forwards to the local webhook receiver (remote targets)').argParser(httpUrl('--webhook-url', ['https:'])))
    .addOption(new Option('--webhook-port <port>', 'port of the local HTTPS webhook receiver, for the tunnel behind --webhook-url (default: a free one)').argParser(integer('--webhook-port', 0, LIMITS.port)))
    .addOption(new Option('--webhook-timeout <ms>', 'how long to wait for each webhook').argParser(integer('--webhook-timeout', 1, LIMITS.ms)))
    .addOption(new Option('--report-dir <dir>', 'where report files go (default reports/<timestamp>/, copied to reports/latest/)'))
    .addOption(new Option('--seed <n>', 'seed of the run: the same seed replays the same requests').argParser(integer('--seed', 0, LIMITS.seed)))
    .addOption(new Option('--runs <n>', 'property-test depth: generated cases per property').argParser(integer('--runs', 1, LIMITS.runs)))
    .addOption(new Option('--grep <pattern>', 'run only suites/checks whose name matches').argParser(regex))
    .addOption(new Option('--max-requests <n>', 'hard cap on requests sent (retries included)').argParser(integer('--max-requests', 1, LIMITS.maxRequests)))
    .addOption(new Option('--rate <r>', 'max requests per second (0 = unlimited; default unlimited on loopback, 2 remote)').argParser(positiveNumber('--rate', LIMITS.rate)))
    .addOption(new Option('--concurrency <c>', 'max requests in flight (default 16 on loopback, 4 remote)').argParser(integer('--concurrency', 1, LIMITS.concurrency)))
    .addOption(new Option('--timeout <ms>', 'total deadline of each request (connection, headers and body), ms').argParser(integer('--timeout', 1, LIMITS.ms)))
    .addOption(new Option('--baseline <file>', 'an earlier report.json: report new / resolved / persisting deviations'))
    .addOption(new Option('--fail-on <which>', 'any | new | documented | ruled | categories (e.g. webhook,auth): which deviations fail the run (new = not in --baseline); comma-separated terms must all hold').argParser(failOn))
    .addOption(new Option('--har <file>', 'save every exchange as HAR 1.2 (secrets redacted)'))
    .addOption(new Option('--shard <i/n>', 'run a deterministic 1/n slice of the checks (CI matrix)').argParser(shard))
    .addOption(new Option('--allow-production-writes', 'in production, also run the suites that create verifications'))
    .addOption(new Option('--features <settings>', 'custom settings the account has turned on (C1), comma-separated: only their types and lists are asserted').env('IVS_FEATURES').argParser(features))
    .addOption(new Option('--config <file>', 'JSON or YAML file of options (camelCase names); flags and environment win').env('IVS_CONFIG'))
    .addOption(new Option('--no-progress', 'no progress display'))
    .addOption(new Option('--no-preflight', 'judge every answer, even when they all share one setup cause (no preflight, no watch)'))
    .addHelpText(
      'after',
      `
Examples:
  ivs-conformance run                                   against the embedded reference (no account needed)
  IVS_API_KEY=… IVS_API_SECRET=… ivs-conformance run --target https://ivs.markid.eu --environment development
  ivs-conformance run --seed 1234 --grep token-negative replay one suite of an earlier run
  ivs-conformance run --baseline reports/latest/report.json --fail-on new

Secrets: pass them as environment variables (IVS_API_KEY, IVS_API_SECRET, IVS_API_KEY_2, IVS_API_SECRET_2,
IVS_WEBHOOK_SIGNING_KEY) or in a config file only you can read (chmod 600), not as flags: any user of
the machine can read a command's flags (ps). Secrets under 3 characters are refused.

Exit codes: 0 conformant, 1 deviations, 2 usage error, 3 target unreachable or no verdict.`,
    )
    .action(async (options) => {
      process.exitCode = await (await import('./run-command.ts')).runCommand(options);
    });

  program
    .command('serve')
    .description('run the embedded reference implementation of the API until stopped')
    .addOption(new Option('--port <port>', 'port (0 = a free one)').default(0).argParser(integer('--port', 0, LIMITS.port)))
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--environment <env>', 'development | testing | production').default('development').argParser(environment))
    .addOption(new Option('--profile <name>', 'markid | idenfy | path to a profile YAML').default('markid').argParser(profile))
    .addOption(new Option('--api-key <key>', 'API key it accepts').env('IVS_API_KEY'))
    .addOption(new Option('--api-secret <secret>', 'API secret it accepts').env('IVS_API_SECRET'))
    .addOption(new Option('--signing-key <key>', 'webhook signing key (default: the API secret)').env('IVS_WEBHOOK_SIGNING_KEY'))
    .addOption(new Option('--rate-limit <n>', 'requests per hour per API key').argParser(integer('--rate-limit', 1, LIMITS.rateLimit)))
    .addOption(new Option('--mutant <id>', 'switch on one deliberate deviation from the catalogue (see list --mutants)'))
    .addOption(new Option('--deny <fields>', 'gated fields this account has not enabled, comma-separated (e.g. callbackUrl,checkLiveness)').argParser((v: string) => v.split(',').map((f) => f.trim()).filter(Boolean)))
    .addOption(new Option('--alternate <ids>', 'switch on conformant variants from the catalogue, comma-separated (see list --alternates)').argParser((v: string) => v.split(',').map((f) => f.trim()).filter(Boolean)))
    .action(async (options) => {
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
    .option('--report-dir <dir>', 'where to write (default: beside the report, or reports/merged-<timestamp>/)')
    .addOption(new Option('--fail-on <which>', 'exit as a run would: 1 on the deviations selected (any | new | documented | ruled | categories), 3 if incomplete or no verdict, else 0').argParser(failOn))
    .action(async (reports: string[], options) => {
      process.exitCode = await (await import('./report-command.ts')).reportCommand(reports, options);
    });

  program
    .command('replay')
    .description('re-send the requests (and flows) of earlier deviations: still failing, fixed or inconclusive')
    .argument('<report>', 'a report.json of an earlier run')
    .option('--id <ids...>', 'only these deviations or problems (ids or unique prefixes)')
    .addOption(new Option('--target <url>', 'base URL to re-check (default: the report\'s target; an embedded one is started again)').env('IVS_TARGET_URL').argParser(httpUrl('--target')))
    .addOption(new Option('--api-key <key>', 'API key').env('IVS_API_KEY'))
    .addOption(new Option('--api-secret <secret>', 'API secret').env('IVS_API_SECRET'))
    .addOption(new Option('--webhook-signing-key <key>', 'key that signs Idenfy-Signature').env('IVS_WEBHOOK_SIGNING_KEY'))
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
      process.stderr.write(`ivs-conformance: ${error.message}\n`);
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
