// report.json: written pretty for humans and diffs; read back only after schema validation, since
// baselines and shard files come from other runs (and other versions) of the tool.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Report } from '../findings/model.ts';
import { errorMessage, writeTextFile } from './common.ts';
import { assetPath } from '../assets.ts';

export const REPORT_SCHEMA_PATH = assetPath('src/findings/report.schema.json');

// Compiled when a report is first read back (a baseline, a shard, a replay): a run that only
// writes one does not pay for it (about half a second of CPU).
let compiled: ValidateFunction<Report> | undefined;
function validator(): ValidateFunction<Report> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true });
    addFormats.default(ajv);
    compiled = ajv.compile<Report>(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

export function writeJsonReport(report: Report, dir: string): string {
  return writeTextFile(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
}

/** The schema errors of `data` as one line, or undefined when it is a valid report. */
export function reportErrors(data: unknown): string | undefined {
  const validate = validator();
  if (validate(data)) return undefined;
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return shown.join('; ') + (errors.length > 3 ? ` (and ${errors.length - 3} more)` : '');
}

/**
 * Report files larger than this are refused before they are read: this version writes reports well
 * under 20 MB (src/reporters/bound.ts), and a shard, baseline or replay file is untrusted input whose
 * parsing must not take the process's memory.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export function readReport(path: string): Report {
  let data: unknown;
  try {
    const { size } = statSync(path);
    if (size > MAX_REPORT_BYTES) throw new Error(`${size} bytes, more than the ${MAX_REPORT_BYTES} a report of this tool can take`);
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`not a report.json: ${path}: ${errorMessage(err)}`);
  }
  const errors = reportErrors(data);
  if (errors) throw new Error(`not a report.json: ${path}: ${errors}`);
  return data as Report;
}
