/**
 * `ssl-flags-inconsistent`: access/@sslFlags that asks for a client
 * certificate (SslRequireCert) without requiring HTTPS (Ssl). A client
 * certificate only exists on an HTTPS connection; without Ssl, IIS does not
 * refuse plain HTTP for the path. IIS Manager's "Require SSL" with client
 * certificates "Require" writes "Ssl, SslNegotiateCert, SslRequireCert".
 * Fix: add Ssl.
 *
 * Flag names the schema does not have (SslMapCert) are the invalid-value
 * rule's business (with the note in iis/valueNotes.ts).
 * Source: schema access/@sslFlags; IIS reference, access (flag meanings);
 * ../shared/reference/notes/05-client-cert-mapping.md §5.3.
 */
import type { SectionInstance } from '../../hierarchy/configFile';
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import { getAttribute } from '../../syntax/xml';
import { ACCESS, parseSslFlags } from '../clientCertificates';

interface FixData { readonly valueStart: number; readonly valueEnd: number; readonly newText: string }

export const sslFlagsRule: Rule = {
  id: 'ssl-flags',
  codes: ['ssl-flags-inconsistent'],
  checkSection(section: SectionInstance, ctx: RuleContext) {
    if (section.path !== ACCESS) return;
    const attr = getAttribute(section.element, 'sslFlags');
    if (!attr) return;
    const flags = parseSslFlags(attr.value);
    if (!flags.requireCert || flags.ssl) return;
    const raw = attr.rawValue.trim();
    const numeric = /^\d+$/.test(raw);
    const newText = numeric ? String(Number(raw) | 8) : `Ssl, ${raw.replace(/^none\s*,\s*/i, '')}`;
    const data: FixData = { valueStart: attr.valueStart, valueEnd: attr.valueEnd, newText };
    ctx.report({
      code: 'ssl-flags-inconsistent', start: attr.valueStart, end: attr.valueEnd, data,
      message: 'SslRequireCert without Ssl requires a client certificate but not HTTPS; add Ssl.',
      detail: 'A client certificate only comes with HTTPS. With Ssl, IIS refuses plain HTTP here (403.4); "Ssl, SslNegotiateCert, SslRequireCert" is what IIS Manager writes for required client certificates.',
    });
  },
  fixes(diagnostic: Diagnostic, _analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as FixData | undefined;
    if (!data) return [];
    return [{ title: 'Add Ssl to sslFlags', kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: data.valueStart, end: data.valueEnd, newText: data.newText }] }];
  },
};
