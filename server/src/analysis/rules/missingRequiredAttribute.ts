/**
 * `missing-required-attribute`: an element written in the file without an
 * attribute its schema marks `required="true"` (IIS answers 500.19 "Missing
 * required attribute"). The quick fix writes the attribute right after the
 * element name with a value the schema accepts, or as a snippet whose value
 * the user types (see {@link requiredAttributeFixes}).
 *
 * `rule-without-match` (information): a URL Rewrite rule with no `<match>`. The schema
 * cannot make an element required, so IIS accepts the rule; its pattern
 * (`<match url>`, which may not be empty when written) is then empty and
 * matches every URL — the Azure iisnode sample's "StaticContent" rule relies
 * on that. The fix writes the implied `<match url=".*" />`.
 *
 * Left alone: XML Document Transform files (they hold fragments that are
 * merged into a complete file), `<remove>`/`<clear>` directives, unchecked
 * sections (see schemaWalk.ts).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import { childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import type { AttributeSchema } from '../../iis/schema';
import { checkValue } from '../../iis/values';
import { lineIndent, styleOf } from '../../syntax/format';
import { elementStartingAt } from '../../syntax/nodeIndex';
import { SchemaPlace, isManagedSection, schemaIndex } from '../schemaWalk';
import { isOptionalInFramework } from '../../iis/frameworkAttributes';
import { shown } from '../messages';
import { isMappingCertificate, isValidCertificateValue } from './certificateValue';

interface Data {
  readonly elementStart: number;
  readonly attribute?: string;
  /** A rewrite rule without <match>. */
  readonly match?: boolean;
}

const REWRITE_RULES = new Set(['system.webServer/rewrite/rules', 'system.webServer/rewrite/globalRules']);

export const missingRequiredAttributeRule: Rule = {
  id: 'missing-required-attribute',
  codes: ['missing-required-attribute', 'rule-without-match'],
  checkPlace(place: SchemaPlace, ctx: RuleContext) {
    if (ctx.file.kind === 'transform') return;
    const { node, element: el } = place;
    if (node.kind === 'remove' || node.kind === 'clear') return;
    // A case variant of the name is there: unknown-attribute reports it, and its fix (the right case) fixes both.
    const managed = isManagedSection(place.sectionSchema);
    const missing = node.attributes.filter((a) => a.required && !a.extension && !getAttribute(el, a.name)
      && !el.attributes.some((x) => x.name.toLowerCase() === a.name.toLowerCase())
      && !(managed && isOptionalInFramework(place.section.path, place.path, a.name)));
    for (const a of missing) {
      ctx.report({
        code: 'missing-required-attribute', start: el.nameStart, end: el.nameEnd,
        data: { elementStart: el.start, attribute: a.name } satisfies Data,
        message: `<${el.name}> is missing the required attribute '${a.name}'.`,
        detail: managed
          ? `.NET, which reads this section, stops with a configuration error ("Required attribute '${a.name}' not found").`
          : `The schema marks '${a.name}' required, so IIS answers 500.19 ("Missing required attribute").`,
      });
    }
    if (node.kind === 'add' && REWRITE_RULES.has(place.section.path) && place.path.length === 1 && !childElements(el).some((c) => c.name === 'match')) {
      const name = getAttribute(el, 'name')?.value;
      ctx.report({
        code: 'rule-without-match', start: el.nameStart, end: el.nameEnd,
        data: { elementStart: el.start, match: true } satisfies Data,
        message: `<rule${name !== undefined ? ` name="${shown(name)}"` : ''}> has no <match>, so it matches every URL.`,
        detail: 'IIS accepts a rule without <match>: its pattern is then empty, and an empty pattern matches every URL (the iisnode samples rely on that). Write <match url=".*" /> if that is meant, or the pattern you mean.',
      });
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data) return [];
    const el = elementStartingAt(analysis.doc, data.elementStart);
    const place = el && schemaIndex(analysis.file, analysis.schema).placeOf(el);
    if (!place) return [];
    if (data.match) {
      const el = place.element;
      if (el.selfClosing || el.endTagStart < 0) return [];
      const text = analysis.text;
      const { eol, unit } = styleOf(analysis.doc);
      const indent = lineIndent(text, el.start);
      return [{
        title: 'Add <match url=".*" /> (what the rule matches now)', kind: 'quickfix', diagnostic,
        edits: [{ start: el.startTagEnd, end: el.startTagEnd, newText: `${eol}${indent}${unit}<match url=".*" />` }],
      }];
    }
    if (!data.attribute) return [];
    const attr = place.node.attributes.find((a) => a.name === data.attribute);
    if (!attr) return [];
    // A value another rule reads more closely than the schema does (a mapping's certificate) must pass that rule too.
    const accepts = isMappingCertificate(place.section.path, place.path, attr.name) ? isValidCertificateValue : undefined;
    return requiredAttributeFixes(diagnostic, place.element.nameEnd, attr, isManagedSection(place.sectionSchema), accepts);
  },
};

/**
 * The fixes that write a missing required attribute right after the element name. Never a value the schema
 * rejects, and never a guess: an empty value where the schema accepts one (the cursor lands in it where the client
 * inserts snippets); for a boolean or a short enumeration one fix per allowed value, since none is obvious
 * (`allowed` of a request-filtering entry, `accessType` of an authorization rule: the user decides); else (a name, a
 * path, a number in a range) a snippet with the cursor where the value goes, offered only to clients that insert
 * snippets.
 */
export function requiredAttributeFixes(diagnostic: Diagnostic, at: number, attr: AttributeSchema, managed: boolean, accepts?: (value: string) => boolean): CodeAction[] {
  const name = attr.name;
  const insert = (value: string) => ` ${name}="${encodeAttributeValue(value)}"`;
  const valid = (value: string) => checkValue(attr, value, { managed }) === undefined && (!accepts || accepts(value));
  const title = `Add the required attribute '${name}'`;
  const snippet = { start: at, end: at, snippet: ` ${name}="$1"` };
  if (valid('')) {
    return [{ title, kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: at, end: at, newText: insert('') }], snippet }];
  }
  const choices = attr.type === 'bool' ? ['true', 'false'] : attr.type === 'enum' ? (attr.values ?? []).map((v) => v.name) : [];
  if (choices.length && choices.length <= MAX_VALUE_CHOICES && choices.every(valid)) {
    return choices.map((v) => ({
      title: `Add the required attribute ${name}="${v}"`, kind: 'quickfix' as const, diagnostic,
      edits: [{ start: at, end: at, newText: insert(v) }],
    }));
  }
  return [{ title, kind: 'quickfix', diagnostic, isPreferred: true, edits: [{ start: at, end: at, newText: insert('') }], snippet, snippetOnly: true }];
}

/** Up to this many allowed values become one fix each. */
const MAX_VALUE_CHOICES = 6;
