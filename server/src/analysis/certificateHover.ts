/**
 * Hover on the `certificate` value of a one-to-one mapping: what the
 * certificate is (subject, issuer, serial, validity, thumbprints, key usages),
 * whether it is usable at the analysis time, or what is wrong with the value.
 * Only certificate facts are shown: never another attribute's value.
 */
import type { DocumentAnalysis, Hover } from './types';
import { elementAt, getAttribute } from '../syntax/xml';
import { CertificateFacts, allowsClientAuth, formatUtc, validityAt } from '../iis/certificates';
import { readCertificateCached } from './rules/certificateValue';
import { IIS_MAPPING } from './clientCertificates';
import { sectionOf } from '../hierarchy/lookup';

export function certificateHover(analysis: DocumentAnalysis, offset: number): Hover | undefined {
  const add = elementAt(analysis.doc, offset);
  if (!add || add.name !== 'add') return undefined;
  const coll = add.parent;
  if (!coll || coll.name !== 'oneToOneMappings' || !coll.parent) return undefined;
  const sectionElement = coll.parent;
  if (sectionOf(analysis.file, sectionElement)?.path !== IIS_MAPPING) return undefined;
  const attr = getAttribute(add, 'certificate');
  if (!attr || attr.valueStart === attr.valueEnd || offset < attr.valueStart || offset > attr.valueEnd) return undefined;

  const reading = readCertificateCached(attr.value, attr.rawValue);
  const lines: string[] = [];
  if (reading.ok) {
    lines.push('**Client certificate** (one-to-one mapping)', '', ...factsTable(reading.facts, analysis.context.now ?? new Date()));
  } else {
    lines.push('**Client certificate: not usable as written**', '', reading.problem.message);
    if (reading.facts) {
      lines.push('', 'Once rewritten as one line of base64 it reads:', '', ...factsTable(reading.facts, analysis.context.now ?? new Date()));
    }
  }
  return { start: attr.valueStart, end: attr.valueEnd, contents: lines.join('\n') };
}

/** Markdown-safe table cell text. */
function cell(s: string): string {
  return s.replace(/[\\`*_[\]|<>]/g, (c) => '\\' + c).replace(/\r?\n/g, ' ');
}

function factsTable(f: CertificateFacts, now: Date): string[] {
  const v = validityAt(f, now);
  const state = v.state === 'expired' ? ' — **expired**' : v.state === 'not-yet-valid' ? ' — **not valid yet**' : '';
  const eku = f.extendedKeyUsage
    ? f.extendedKeyUsage.map((e) => (e.name ? `${e.name} (${e.oid})` : e.oid)).join(', ')
    : '(no extension: any purpose)';
  const rows: Array<[string, string]> = [
    ['Subject', cell(f.subject)],
    ['Issuer', cell(f.issuer)],
    ['Serial number', `\`${f.serialNumber}\``],
    ['Valid from', formatUtc(f.notBefore)],
    ['Valid to', formatUtc(f.notAfter) + state],
    ['Thumbprint (SHA-1)', `\`${f.thumbprint}\``],
    ['SHA-256', `\`${f.sha256}\``],
    ['Key usage', f.keyUsage ? cell(f.keyUsage.join(', ') || '(none)') : '(no extension)'],
    ['Enhanced key usage', cell(eku) + (allowsClientAuth(f) ? '' : ' — **no Client Authentication**')],
  ];
  if (f.isCertificateAuthority) rows.push(['Basic constraints', 'certificate authority (not a client certificate)']);
  return ['| | |', '| --- | --- |', ...rows.map(([k, val]) => `| ${k} | ${val} |`)];
}
