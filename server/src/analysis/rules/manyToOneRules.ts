/**
 * Rules of many-to-one mappings
 * (`iisClientCertificateMappingAuthentication/manyToOneMappings/add/rules/add`):
 *
 * - `certificate-subfield-unknown` (warning): certificateSubField is not a
 *   relative distinguished name a certificate subject or issuer carries (CN,
 *   O, OU, …), so the rule compares against a field no certificate has.
 * - `match-criteria-empty` (warning): an empty matchCriteria.
 *
 * certificateField itself (Subject or Issuer) is an enum of the schema: the
 * generic invalid-value rule checks it.
 * Sources: schema (certificateSubField: string, caseSensitive; docs sample
 * uses "O"); the attribute keys Windows uses for distinguished names
 * (CertNameToStr X.500 keys: CN, O, OU, L, S, C, E, …; ST, DC, STREET, T, G,
 * I, SN, SERIALNUMBER). ../shared/reference/notes/05-client-cert-mapping.md §5.1.
 */
import type { SectionInstance } from '../../hierarchy/configFile';
import type { Rule, RuleContext } from './rule';
import { XmlElement, childElements, getAttribute } from '../../syntax/xml';
import { closestMatches } from '../../util/strings';
import { IIS_MAPPING } from '../clientCertificates';

/** Distinguished-name keys as Windows writes them in certificate subjects and issuers. */
export const KNOWN_SUBFIELDS: readonly string[] = [
  'CN', 'O', 'OU', 'L', 'S', 'ST', 'C', 'E', 'DC', 'STREET', 'T', 'G', 'I', 'SN', 'SERIALNUMBER', 'UID', 'POSTALCODE', 'DESCRIPTION',
];

function ruleElements(section: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const m of childElements(section)) {
    if (m.name !== 'manyToOneMappings') continue;
    for (const mapping of childElements(m)) {
      if (mapping.name !== 'add') continue;
      for (const rules of childElements(mapping)) {
        if (rules.name !== 'rules') continue;
        for (const r of childElements(rules)) if (r.name === 'add') out.push(r);
      }
    }
  }
  return out;
}

export const manyToOneRulesRule: Rule = {
  id: 'many-to-one-rules',
  codes: ['certificate-subfield-unknown', 'match-criteria-empty'],
  checkSection(section: SectionInstance, ctx: RuleContext) {
    if (section.path !== IIS_MAPPING) return;
    for (const r of ruleElements(section.element)) {
      const sub = getAttribute(r, 'certificateSubField');
      if (sub && !KNOWN_SUBFIELDS.includes(sub.value)) {
        const upper = sub.value.trim().toUpperCase();
        const field = getAttribute(r, 'certificateField')?.value ?? 'Subject';
        const common = 'Common fields: CN (common name), O (organization), OU (organizational unit), L (locality), S (state), C (country), E (e-mail).';
        let hint: string;
        let detail: string;
        if (KNOWN_SUBFIELDS.includes(upper)) {
          hint = `; write "${upper}"`;
          detail = `Certificates name it "${upper}", and the schema marks certificateSubField as case-sensitive.`;
        } else {
          const near = closestMatches(sub.value, KNOWN_SUBFIELDS, 2);
          hint = near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
          detail = common;
        }
        const shown = sub.value.length > 40 ? sub.value.slice(0, 40) + '…' : sub.value;
        const start = sub.valueStart === sub.valueEnd ? sub.start : sub.valueStart;
        const end = sub.valueStart === sub.valueEnd ? sub.end : sub.valueEnd;
        ctx.report({
          code: 'certificate-subfield-unknown', start, end,
          message: `"${shown}" is not a field of a certificate's ${field.toLowerCase() === 'issuer' ? 'issuer' : 'subject'} name, so this rule never matches${hint || '.'}${hint && !hint.endsWith('?') ? '.' : ''}`,
          detail,
        });
      }
      const crit = getAttribute(r, 'matchCriteria');
      if (crit && crit.value.trim() === '') {
        ctx.report({
          code: 'match-criteria-empty', start: crit.start, end: crit.end,
          message: 'matchCriteria is empty, so this rule compares the certificate field with nothing.',
          detail: 'That is almost certainly not what was meant: write the value the field must have (for example the organization name for O).',
        });
      }
    }
  },
};
