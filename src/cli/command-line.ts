// The command lines the tool prints for the user to paste: the program as it was actually invoked
// (not a name that may not be on PATH), options that matter, secrets only as variable names.
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, relative, resolve } from 'node:path';

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** How to call this program again from the current directory. */
export function invokedAs(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), execArgv: string[] = process.execArgv): string {
  const script = argv[1];
  if (!script) return 'ivs-conformance';
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
