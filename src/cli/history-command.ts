// `ivs-conformance report --history DIR`: history.html over a folder of earlier reports (each run
// in its own directory with a report.json, as `run` writes them, or report files side by side).
// `latest/` (a copy of the newest run) is left out. Exit 0, or 2 when there is nothing to draw.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readReport } from '../reporters/json.ts';
import { ensureDir, writeFileNoFollow } from '../reporters/common.ts';
import { toHistoryHtml, type Night } from '../reporters/history.ts';
import { contractFor } from './diff-command.ts';
import { UsageError } from './options.ts';

export interface HistoryFlags {
  reportDir?: string;
}

/** The reports under `dir` (one level deep), oldest first; unreadable ones are skipped with a note. */
export function collectReports(dir: string, warn: (line: string) => void): Night[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--history: not a directory: ${dir}`);
  const candidates: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'latest') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory() && existsSync(join(path, 'report.json'))) candidates.push(join(path, 'report.json'));
    else if (stat.isFile() && /\.json$/.test(name) && !/^(drift|history)/.test(name)) candidates.push(path);
  }
  const nights: Night[] = [];
  const seen = new Set<string>();
  for (const path of candidates) {
    try {
      const report = readReport(path);
      const identity = `${report.startedAt} ${report.seed} ${report.target.url}`;
      if (seen.has(identity)) continue; // the same run copied twice
      seen.add(identity);
      nights.push({ source: path.slice(dir.length).replace(/^[/\\]/, ''), report });
    } catch (error) {
      warn(`skipped ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return nights.sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt));
}

export async function historyCommand(dir: string, extra: string[], flags: HistoryFlags): Promise<number> {
  if (extra.length) throw new UsageError('report --history takes a folder, not report files');
  const nights = collectReports(resolve(dir), (line) => process.stderr.write(`ivs-conformance: ${line}\n`));
  if (!nights.length) throw new UsageError(`--history: no report.json found in ${dir}`);
  const html = toHistoryHtml(nights, await contractFor(nights[nights.length - 1].report));
  const out = resolve(flags.reportDir ?? dir);
  const file = join(out, 'history.html');
  try {
    ensureDir(out);
    writeFileNoFollow(file, html);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  process.stdout.write(`${file}\n${nights.length} runs, ${nights[0].report.startedAt} → ${nights[nights.length - 1].report.startedAt}\n`);
  return 0;
}
