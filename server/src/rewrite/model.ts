/**
 * URL Rewrite configuration read from the XML: inbound rules (`<rules>`,
 * `<globalRules>`), outbound rules, rewrite maps, providers, pre-conditions
 * and custom tags — with the attributes they come from, so rules can point at
 * the exact text. Attribute values compare case-insensitively where IIS reads
 * them as enums or booleans. Defaults are the schema's (rewrite_schema.xml).
 */
import { XmlAttribute, XmlElement, childElements, getAttribute } from '../syntax/xml';
import { PatternSyntax, patternSyntaxOf } from './patterns';

export const REWRITE_SECTIONS = {
  rules: 'system.webServer/rewrite/rules',
  globalRules: 'system.webServer/rewrite/globalRules',
  outboundRules: 'system.webServer/rewrite/outboundRules',
  rewriteMaps: 'system.webServer/rewrite/rewriteMaps',
  providers: 'system.webServer/rewrite/providers',
  allowedServerVariables: 'system.webServer/rewrite/allowedServerVariables',
} as const;

export type ActionType = 'None' | 'Rewrite' | 'Redirect' | 'CustomResponse' | 'AbortRequest';

export interface ConditionDef {
  readonly element: XmlElement;
  readonly input: string;
  readonly inputAttribute?: XmlAttribute;
  readonly matchType: 'Pattern' | 'IsFile' | 'IsDirectory';
  readonly pattern: string;
  readonly patternAttribute?: XmlAttribute;
  readonly ignoreCase: boolean;
  readonly negate: boolean;
}

export interface ConditionsDef {
  readonly element?: XmlElement;
  readonly logicalGrouping: 'MatchAll' | 'MatchAny';
  readonly trackAllCaptures: boolean;
  readonly items: readonly ConditionDef[];
}

export interface ServerVariableSet {
  readonly element: XmlElement;
  readonly name: string;
  readonly nameAttribute?: XmlAttribute;
  readonly value: string;
  readonly valueAttribute?: XmlAttribute;
  readonly replace: boolean;
}

export interface InboundAction {
  readonly element?: XmlElement;
  readonly type: ActionType;
  readonly typeAttribute?: XmlAttribute;
  readonly url: string;
  readonly urlAttribute?: XmlAttribute;
  readonly appendQueryString: boolean;
  /** 301, 302, 303 or 307 (from redirectType). */
  readonly redirectStatus: number;
  readonly statusCode?: number;
  readonly subStatusCode?: number;
  readonly statusReason?: string;
  readonly statusReasonAttribute?: XmlAttribute;
  readonly statusDescription?: string;
  readonly statusDescriptionAttribute?: XmlAttribute;
}

export interface InboundRule {
  readonly element: XmlElement;
  readonly name: string;
  readonly enabled: boolean;
  readonly patternSyntax: PatternSyntax;
  readonly stopProcessing: boolean;
  readonly match?: {
    readonly element: XmlElement;
    readonly url: string;
    readonly urlAttribute?: XmlAttribute;
    readonly ignoreCase: boolean;
    readonly negate: boolean;
  };
  readonly conditions: ConditionsDef;
  readonly serverVariables: readonly ServerVariableSet[];
  readonly action: InboundAction;
}

export interface OutboundRule {
  readonly element: XmlElement;
  readonly name: string;
  readonly patternSyntax: PatternSyntax;
  readonly preCondition?: XmlAttribute;
  readonly match?: {
    readonly element: XmlElement;
    readonly pattern: string;
    readonly patternAttribute?: XmlAttribute;
    readonly customTags?: XmlAttribute;
    readonly serverVariable?: string;
    readonly negate: boolean;
  };
  readonly conditions: ConditionsDef;
  readonly actionValue?: XmlAttribute;
}

export interface PreConditionDef {
  readonly element: XmlElement;
  readonly name: string;
  readonly patternSyntax: PatternSyntax;
  readonly items: readonly ConditionDef[];
}

export interface RewriteMapDef {
  readonly element: XmlElement;
  readonly name: string;
  readonly defaultValue: string;
  readonly ignoreCase: boolean;
  readonly entries: ReadonlyMap<string, string>;
}

export function bool(a: XmlAttribute | undefined, dflt: boolean): boolean {
  if (!a) return dflt;
  const v = a.value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : dflt;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return childElements(el).find((c) => c.name === name);
}

const REDIRECT_STATUS: Record<string, number> = { permanent: 301, found: 302, seeother: 303, temporary: 307 };

/**
 * The status code of a redirectType value: Permanent 301, Found 302,
 * SeeOther 303, Temporary 307 (rewrite_schema.xml; the configuration
 * reference notes that 308 is not supported). Numbers are accepted as the
 * configuration system accepts an enum's value.
 */
export function redirectStatus(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (REDIRECT_STATUS[v]) return REDIRECT_STATUS[v];
  const n = Number(v);
  return Number.isInteger(n) && n >= 300 && n < 400 ? n : 301;
}

function actionTypeOf(value: string | undefined): ActionType {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'rewrite' ? 'Rewrite' : v === 'redirect' ? 'Redirect' : v === 'customresponse' ? 'CustomResponse' : v === 'abortrequest' ? 'AbortRequest' : 'None';
}

function readConditions(rule: XmlElement, trackDefault: boolean): ConditionsDef {
  const el = child(rule, 'conditions');
  if (!el) return { logicalGrouping: 'MatchAll', trackAllCaptures: trackDefault, items: [] };
  const lg = getAttribute(el, 'logicalGrouping')?.value.trim().toLowerCase();
  return {
    element: el,
    logicalGrouping: lg === 'matchany' ? 'MatchAny' : 'MatchAll',
    trackAllCaptures: bool(getAttribute(el, 'trackAllCaptures'), trackDefault),
    items: readConditionItems(el),
  };
}

function readConditionItems(container: XmlElement): ConditionDef[] {
  const items: ConditionDef[] = [];
  for (const c of childElements(container)) {
    if (c.name === 'clear') { items.length = 0; continue; }
    if (c.name !== 'add') continue;
    const inputAttribute = getAttribute(c, 'input'), patternAttribute = getAttribute(c, 'pattern');
    const mt = getAttribute(c, 'matchType')?.value.trim().toLowerCase();
    items.push({
      element: c, input: inputAttribute?.value ?? '', inputAttribute,
      matchType: mt === 'isfile' ? 'IsFile' : mt === 'isdirectory' ? 'IsDirectory' : 'Pattern',
      pattern: patternAttribute?.value ?? '', patternAttribute,
      ignoreCase: bool(getAttribute(c, 'ignoreCase'), true), negate: bool(getAttribute(c, 'negate'), false),
    });
  }
  return items;
}

/** Read an inbound `<rule>` element. */
export function readInboundRule(el: XmlElement): InboundRule {
  const m = child(el, 'match');
  const a = child(el, 'action');
  const sv = child(el, 'serverVariables');
  const num = (x: XmlAttribute | undefined) => { const n = x ? Number(x.value.trim()) : NaN; return Number.isFinite(n) ? n : undefined; };
  const urlAttribute = a && getAttribute(a, 'url');
  const typeAttribute = a && getAttribute(a, 'type');
  const statusReasonAttribute = a && getAttribute(a, 'statusReason');
  const statusDescriptionAttribute = a && getAttribute(a, 'statusDescription');
  return {
    element: el,
    name: getAttribute(el, 'name')?.value ?? '',
    enabled: bool(getAttribute(el, 'enabled'), true),
    patternSyntax: patternSyntaxOf(getAttribute(el, 'patternSyntax')?.value),
    stopProcessing: bool(getAttribute(el, 'stopProcessing'), false),
    ...(m ? { match: { element: m, url: getAttribute(m, 'url')?.value ?? '', urlAttribute: getAttribute(m, 'url'), ignoreCase: bool(getAttribute(m, 'ignoreCase'), true), negate: bool(getAttribute(m, 'negate'), false) } } : {}),
    conditions: readConditions(el, false),
    serverVariables: sv ? childElements(sv).filter((c) => c.name === 'set').map((c) => ({
      element: c, name: getAttribute(c, 'name')?.value.trim() ?? '', nameAttribute: getAttribute(c, 'name'),
      value: getAttribute(c, 'value')?.value ?? '', valueAttribute: getAttribute(c, 'value'), replace: bool(getAttribute(c, 'replace'), true),
    })) : [],
    action: {
      element: a, type: actionTypeOf(typeAttribute?.value), typeAttribute,
      url: urlAttribute?.value ?? '', urlAttribute,
      appendQueryString: bool(a && getAttribute(a, 'appendQueryString'), true),
      redirectStatus: redirectStatus(a && getAttribute(a, 'redirectType')?.value),
      statusCode: num(a && getAttribute(a, 'statusCode')), subStatusCode: num(a && getAttribute(a, 'subStatusCode')),
      statusReason: statusReasonAttribute?.value, statusReasonAttribute,
      statusDescription: statusDescriptionAttribute?.value, statusDescriptionAttribute,
    },
  };
}

/** Inbound `<rule>` elements of a rules/globalRules section element, after `<clear>`/`<remove>` inside it. */
export function ruleElements(section: XmlElement): XmlElement[] {
  let out: XmlElement[] = [];
  for (const c of childElements(section)) {
    if (c.name === 'clear') out = [];
    else if (c.name === 'remove') {
      const name = getAttribute(c, 'name')?.value;
      out = out.filter((r) => getAttribute(r, 'name')?.value !== name);
    } else if (c.name === 'rule') out.push(c);
  }
  return out;
}

/** Read an outbound `<rule>`. */
export function readOutboundRule(el: XmlElement): OutboundRule {
  const m = child(el, 'match');
  const a = child(el, 'action');
  return {
    element: el,
    name: getAttribute(el, 'name')?.value ?? '',
    patternSyntax: patternSyntaxOf(getAttribute(el, 'patternSyntax')?.value),
    preCondition: getAttribute(el, 'preCondition'),
    ...(m ? { match: {
      element: m, pattern: getAttribute(m, 'pattern')?.value ?? '', patternAttribute: getAttribute(m, 'pattern'),
      customTags: getAttribute(m, 'customTags'), serverVariable: getAttribute(m, 'serverVariable')?.value, negate: bool(getAttribute(m, 'negate'), false),
    } } : {}),
    conditions: readConditions(el, true),
    actionValue: a && getAttribute(a, 'value'),
  };
}

/** The pre-conditions and custom tag collections of an outboundRules section element. */
export function outboundCollections(section: XmlElement): { preConditions: PreConditionDef[]; customTags: XmlElement[]; rules: XmlElement[] } {
  const preConditions: PreConditionDef[] = [];
  const customTags: XmlElement[] = [];
  const rules: XmlElement[] = [];
  for (const c of childElements(section)) {
    if (c.name === 'rule') rules.push(c);
    else if (c.name === 'preConditions') {
      for (const p of childElements(c)) {
        if (p.name !== 'preCondition') continue;
        preConditions.push({ element: p, name: getAttribute(p, 'name')?.value ?? '', patternSyntax: patternSyntaxOf(getAttribute(p, 'patternSyntax')?.value), items: readConditionItems(p) });
      }
    } else if (c.name === 'customTags') {
      for (const t of childElements(c)) if (t.name === 'tags') customTags.push(t);
    }
  }
  return { preConditions, customTags, rules };
}

/** Read a `<rewriteMap>`. */
export function readRewriteMap(el: XmlElement): RewriteMapDef {
  const ignoreCase = bool(getAttribute(el, 'ignoreCase'), true);
  const entries = new Map<string, string>();
  for (const c of childElements(el)) {
    if (c.name === 'clear') entries.clear();
    else if (c.name === 'add') {
      const key = getAttribute(c, 'key')?.value;
      if (key !== undefined) entries.set(ignoreCase ? key.toLowerCase() : key, getAttribute(c, 'value')?.value ?? '');
    } else if (c.name === 'remove') {
      const key = getAttribute(c, 'key')?.value;
      if (key !== undefined) entries.delete(ignoreCase ? key.toLowerCase() : key);
    }
  }
  return { element: el, name: getAttribute(el, 'name')?.value ?? '', defaultValue: getAttribute(el, 'defaultValue')?.value ?? '', ignoreCase, entries };
}
