/**
 * The certificates of one-to-one mappings
 * (`iisClientCertificateMappingAuthentication/oneToOneMappings/add/@certificate`):
 *
 * - `certificate-invalid`: the value is not one line of base64 of one DER
 *   X.509 certificate (PEM armour, whitespace, not base64, truncated, other
 *   bytes). IIS compares the string with the client's certificate exactly, so
 *   such a mapping never matches. Fix (PEM armour, whitespace): rewrite the
 *   value as the single-line base64.
 * - `certificate-expired`, `certificate-not-yet-valid`: outside its validity
 *   at the analysis context's `now`.
 * - `certificate-not-client-auth`: an extended key usage extension without
 *   Client Authentication (the TLS handshake rejects such a certificate as a
 *   client certificate).
 */
import type { Rule, RuleContext } from './rule';
import type { SchemaPlace } from '../schemaWalk';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { ConfigFile } from '../../hierarchy/configFile';
import { XmlAttribute, childElements, getAttribute } from '../../syntax/xml';
import { CertificateReading, allowsClientAuth, formatUtc, readCertificateValue, validityAt } from '../../iis/certificates';
import { IIS_MAPPING } from '../clientCertificates';

interface FixData { readonly valueStart: number; readonly valueEnd: number; readonly fixed: string }

const readings = new Map<string, CertificateReading>();

/** Cached: the same value always reads the same (the reading is a pure function of the string). */
export function readCertificateCached(value: string, rawValue: string = value): CertificateReading {
  const key = value === rawValue ? value : `${value}\u0000${rawValue}`;
  let r = readings.get(key);
  if (!r) {
    r = readCertificateValue(value, rawValue);
    if (readings.size >= MAX_READINGS) readings.delete(readings.keys().next().value as string);
    readings.set(key, r);
  }
  return r;
}

/** True for the `certificate` attribute of a one-to-one mapping (the values this rule reads), by section and element path. */
export function isMappingCertificate(sectionPath: string, elementPath: readonly string[], name: string): boolean {
  return sectionPath === IIS_MAPPING && name === 'certificate' && elementPath.length === 2 && elementPath[0] === 'oneToOneMappings' && elementPath[1] === 'add';
}

/** Whether a value of a mapping's `certificate` is one IIS can match (what certificate-invalid accepts). */
export function isValidCertificateValue(value: string): boolean {
  return readCertificateCached(value).ok;
}

/**
 * Decoded certificates kept (by value): every mapping of a hosting server's file, so a re-analysis decodes only the
 * certificates that changed; about 2 KB each.
 */
const MAX_READINGS = 20_000;

/** Every `certificate` attribute of a one-to-one mapping in the file. */
export function certificateAttributes(file: ConfigFile): XmlAttribute[] {
  const out: XmlAttribute[] = [];
  for (const section of file.sections) {
    if (section.path !== IIS_MAPPING) continue;
    for (const c of childElements(section.element)) {
      if (c.name !== 'oneToOneMappings') continue;
      for (const add of childElements(c)) {
        if (add.name !== 'add') continue;
        const a = getAttribute(add, 'certificate');
        if (a) out.push(a);
      }
    }
  }
  return out;
}

function subjectOf(subject: string): string {
  return subject ? ` (the certificate's subject is ${subject})` : '';
}

export const certificateValueRule: Rule = {
  id: 'certificate-value',
  codes: ['certificate-invalid', 'certificate-expired', 'certificate-not-yet-valid', 'certificate-not-client-auth'],
  checkPlace(place: SchemaPlace, ctx: RuleContext) {
    // The certificate of a one-to-one mapping: <iisClientCertificateMappingAuthentication><oneToOneMappings><add certificate>.
    if (place.section.path !== IIS_MAPPING || place.path.length !== 2 || place.path[0] !== 'oneToOneMappings' || place.element.name !== 'add') return;
    const now = ctx.context.now ?? new Date();
    const certificate = getAttribute(place.element, 'certificate');
    for (const attr of certificate ? [certificate] : []) {
      const reading = readCertificateCached(attr.value, attr.rawValue);
      const empty = attr.valueStart === attr.valueEnd;
      const start = empty ? attr.start : attr.valueStart;
      const end = empty ? attr.end : attr.valueEnd;
      if (!reading.ok) {
        const fixed = reading.problem.fixed;
        const data: FixData | undefined = fixed ? { valueStart: attr.valueStart, valueEnd: attr.valueEnd, fixed } : undefined;
        ctx.report({ code: 'certificate-invalid', start, end, message: reading.problem.message, ...(reading.problem.detail ? { detail: reading.problem.detail } : {}), ...(data ? { data } : {}) });
        continue;
      }
      const f = reading.facts;
      const v = validityAt(f, now);
      if (v.state === 'expired') {
        ctx.report({
          code: 'certificate-expired', start, end,
          message: `This certificate expired on ${formatUtc(v.date)}, so this mapping can never succeed; map the client's renewed certificate.`,
          detail: `The TLS handshake rejects an expired client certificate before IIS maps it${subjectOf(f.subject)}.`,
        });
      } else if (v.state === 'not-yet-valid') {
        ctx.report({
          code: 'certificate-not-yet-valid', start, end,
          message: `This certificate is not valid before ${formatUtc(v.date)}, so this mapping cannot succeed until then.`,
          detail: `The TLS handshake rejects a client certificate outside its validity period${subjectOf(f.subject)}.`,
        });
      }
      if (!allowsClientAuth(f)) {
        const usages = (f.extendedKeyUsage ?? []).map((e) => e.name ?? e.oid).join(', ') || 'none';
        ctx.report({
          code: 'certificate-not-client-auth', start, end,
          message: `This certificate's extended key usage lacks Client Authentication, so no client can present it; map the client's own certificate.`,
          detail: `Its extended key usage is ${usages}; TLS client authentication needs Client Authentication (1.3.6.1.5.5.7.3.2)${subjectOf(f.subject)}.`,
        });
      }
    }
  },
  fixes(diagnostic: Diagnostic, _analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as FixData | undefined;
    if (diagnostic.code !== 'certificate-invalid' || !data) return [];
    return [{
      title: 'Rewrite the certificate as one line of base64',
      kind: 'quickfix', diagnostic, isPreferred: true,
      edits: [{ start: data.valueStart, end: data.valueEnd, newText: data.fixed }],
    }];
  },
};
