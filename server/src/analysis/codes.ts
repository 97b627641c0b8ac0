/**
 * Every diagnostic code the engine can emit, with its default severity and a
 * one-line summary. The codes are a public interface (documented in the
 * README, used in severity settings and suppression comments): never rename
 * one; retire it instead.
 */
import type { Severity } from './types';

export interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

export const CODES: readonly CodeInfo[] = [
  { code: 'xml-syntax', severity: 'error', summary: 'The file is not well-formed XML (IIS answers 500.19 "Configuration file is not well-formed XML").' },
  { code: 'ignored-at-level', severity: 'warning', summary: 'A section (or attribute/element) is placed at a level where IIS accepts it but never reads it.' },
  { code: 'unknown-location-path', severity: 'warning', summary: 'A <location path> names no site, application or directory that IIS knows, or is not a valid location path.' },
];

const byCode = new Map(CODES.map((c) => [c.code, c]));

export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}
