// The command lines the tool prints for the user to paste: the program as it was actually invoked
// (not a name that may not be on PATH), options that matter, secrets only as variable names.
import { accessSync, constants, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, relative, resolve } from 'node:path';

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** How to call this program again from the current directory. */
export function invokedAs(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), execArgv: string[] = process.execArgv): string {
  const script = argv[1];
  if (!script) return 'ivs-conformance';
  // Under npx the command is on PATH only while npx runs: the line to paste starts with npx again.
  // (npm_lifecycle_event alone is inherited by whatever an `npx` command starts, hence the .bin test.)
  if (env.npm_lifecycle_event === 'npx' && /[\\/]node_modules[\\/]\.bin[\\/][^\\/]+$/.test(script)) return viaNpx(script);
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => resolve(d));
  if (!/\.[cm]?[jt]s$/.test(script) && onPath.includes(resolve(dirname(script)))) return basename(script);
  const rel = relative(cwd, script);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? `./${rel}` : script;
  let executable = false;
  try {
    accessSync(script, constants.X_OK);
    executable = /\.js$/.test(script);
  } catch {
    executable = false;
  }
  if (executable) return shellQuote(shown);
  // Started as `node [--import loader] script`: the same, so a TypeScript entry keeps its loader.
  return ['node', ...execArgv.map(shellQuote), shellQuote(shown)].join(' ');
}

/**
 * `npx <what was installed>` for a command npx runs from its cache (…/_npx/<hash>/node_modules/.bin),
 * whose package.json names the spec (a tarball as `file:` relative to that folder, a version, a git
 * URL); `npx ivs-conformance` for one it found installed in the project.
 */
function viaNpx(script: string): string {
  const cache = /^(.*[\\/]_npx[\\/][^\\/]+)[\\/]node_modules[\\/]/.exec(script)?.[1];
  if (!cache) return 'npx ivs-conformance';
  try {
    const spec: unknown = JSON.parse(readFileSync(resolve(cache, 'package.json'), 'utf8')).dependencies?.['ivs-conformance'];
    if (typeof spec !== 'string') return 'npx ivs-conformance';
    // --package=: npx would take a bare absolute path for a program to execute, not a package.
    const what = spec.startsWith('file:') ? resolve(cache, spec.slice('file:'.length)) : /^[~^]?\d/.test(spec) ? `ivs-conformance@${spec.replace(/^[~^]/, '')}` : spec;
    return `npx ${shellQuote(`--package=${what}`)} ivs-conformance`;
  } catch {
    return 'npx ivs-conformance';
  }
}
