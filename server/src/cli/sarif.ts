/**
 * SARIF 2.1.0 output of iis-config-lint (`--format sarif`), for code-scanning dashboards (GitHub code
 * scanning, Azure DevOps, SonarQube, …). One run; one rule per diagnostic code of
 * server/src/analysis/codes.ts; one result per diagnostic, located by 1-based line and column in UTF-16
 * code units (the run says so in columnKind). Paths under the working directory are written relative
 * to it with uriBaseId SRCROOT, as code-scanning uploads expect; others as file: URIs.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CODES } from '../analysis/codes';
import type { Diagnostic, Severity } from '../analysis/types';
import type { LineIndex } from '../syntax/lineIndex';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifFileResult {
  /** The path as given on the command line (or found in a folder). */
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly index: LineIndex;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }

function region(index: LineIndex, start: number, end: number): Region {
  const s = index.positionAt(start), e = index.positionAt(end);
  // SARIF lines and columns are 1-based; endColumn is the column after the last character.
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(abs).toString() };
}

/** The SARIF log for the files linted, with every code as a rule. */
export function toSarif(results: readonly SarifFileResult[], options: { cwd: string; version: string }): object {
  const ruleIndex = new Map(CODES.map((c, i) => [c.code, i]));
  const rules = CODES.map((c) => ({
    id: c.code,
    shortDescription: { text: c.summary },
    fullDescription: { text: c.summary },
    help: { text: `${c.summary} Silence it on one line with <!-- iis-config-disable-next-line ${c.code} -->, or change its severity with the iisConfig.severity setting.` },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: { tags: ['iis', 'configuration'] },
  }));
  const out: object[] = [];
  for (const r of results) {
    const location = artifactLocation(r.file, options.cwd);
    for (const d of r.diagnostics) {
      const result: Record<string, unknown> = {
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(r.index, d.start, d.end) } }],
      };
      // The explanation the editor's hover shows (why, evidence, assumptions), in the result's property bag.
      if (d.detail) result.properties = { detail: d.detail };
      const i = ruleIndex.get(d.code);
      if (i !== undefined) result.ruleIndex = i;
      const related = (d.related ?? []).filter((x) => !x.file);
      if (related.length) {
        result.relatedLocations = related.map((x, id) => ({
          id, message: { text: x.message }, physicalLocation: { artifactLocation: location, region: region(r.index, x.start, x.end) },
        }));
      }
      out.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'iis-config-lint', semanticVersion: options.version, version: options.version, rules } },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.cwd + path.sep).toString() } },
      columnKind: 'utf16CodeUnits',
      results: out,
    }],
  };
}
