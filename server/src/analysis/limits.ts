/**
 * Input limits of the analysis. A file above the size limit is not parsed or
 * validated: its analysis holds one `file-too-large` diagnostic, so the editor
 * stays responsive and says why nothing else is reported.
 *
 * Why 32 MB by default: the largest real applicationHost.config files (shared
 * hosting servers with thousands of sites) are 10-20 MB, and they must be
 * validated in full; analysis time and memory grow linearly with size (see
 * docs/PERFORMANCE.md), so 32 MB still validates in about a second and a few
 * hundred MB of memory, while the files beyond it are dumps or not
 * configuration files at all. Nesting depth has no limit: every part of the
 * engine is iterative (tested at 100,000 levels).
 */
import { parseXml } from '../syntax/xml';
import { buildConfigFile } from '../hierarchy/configFile';
import { bundledSchema } from '../iis/schemaLoader';
import { codeInfo } from './codes';
import type { AnalysisContext, DocumentAnalysis, Severity } from './types';

/** One MB as the size settings count it: 1,048,576 characters (bytes, for an ASCII / UTF-8 file). */
export const MB = 1024 * 1024;

/** Default of `iisConfig.maxFileSize` / `--max-file-size`, in characters. */
export const DEFAULT_MAX_FILE_SIZE = 32 * MB;

/** The size limit in effect for a context, in characters (Infinity: none). */
export function maxFileSizeOf(context: AnalysisContext): number {
  const m = context.maxFileSize;
  if (m === undefined || Number.isNaN(m)) return DEFAULT_MAX_FILE_SIZE;
  return m <= 0 ? Infinity : m;
}

function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < MB) return `${Math.round(chars / 1024)} KB`;
  const mb = chars / MB;
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * The analysis of a file over the size limit (undefined when the file is
 * within it): no tree, no rules, one diagnostic on the first line.
 */
export function limitedAnalysis(text: string, context: AnalysisContext): DocumentAnalysis | undefined {
  const limit = maxFileSizeOf(context);
  if (text.length <= limit) return undefined;
  const doc = parseXml('');
  const empty = { ...doc, text, errors: [], wellFormed: true };
  const file = buildConfigFile(empty, {
    fileName: context.fileName, kind: context.kind, declarations: context.declarations, sites: context.sites, fileLevel: context.fileLevel,
  });
  let end = text.indexOf('\n');
  if (end < 0 || end > 200) end = Math.min(text.length, 200);
  const severity = context.severity?.['file-too-large'];
  const diagnostics = severity === 'off' ? [] : [{
    code: 'file-too-large', severity: severity ?? codeInfo('file-too-large')?.severity ?? 'warning' as Severity, start: 0, end,
    message: `Validation limited: this file is ${formatSize(text.length)}, over the ${formatSize(limit)} limit, so it was not checked.`,
    detail: 'Raise the limit to validate it: the setting iisConfig.maxFileSize (CLI --max-file-size); 0 removes it.',
  }];
  return { text, schema: context.schema ?? bundledSchema(), doc: empty, file, diagnostics, context };
}

/** The `iisConfig.maxFileSize` setting (MB; 0: no limit) as a `maxFileSize` context value; undefined when unset or invalid. */
export function maxFileSizeSetting(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return value === 0 ? 0 : value * MB;
}

/** Messages longer than this are shortened (a rule may quote a value of any size). */
const MAX_MESSAGE = 1000;

/**
 * A diagnostic message of reasonable size: a quoted value over 80 characters is cut to its start with the
 * count of characters left out, and the whole message to MAX_MESSAGE characters.
 */
export function boundMessage(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  const out = message.replace(/(["'])([^"'\n]{81,})\1/g, (_m, q: string, body: string) => `${q}${body.slice(0, 60)}…${q} (${body.length} characters)`);
  return out.length <= MAX_MESSAGE ? out : out.slice(0, MAX_MESSAGE - 1) + '…';
}
