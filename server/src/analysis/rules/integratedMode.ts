/**
 * `integrated-mode-conflict`: ASP.NET settings that the Integrated pipeline
 * refuses, in an application whose pool runs it (known from the server
 * model), unless system.webServer/validation/@validateIntegratedModeConfiguration
 * is "false" where the setting applies:
 *
 * - system.web/httpModules with entries: 500.22;
 * - system.web/httpHandlers with entries: 500.23;
 * - system.web/identity impersonate="true": 500.24.
 *
 * Quick fixes: migrate the entries into system.webServer/modules or handlers
 * as `appcmd migrate config` does (modules with preCondition="managedHandler",
 * handlers with preCondition="integratedMode", and the validation switch,
 * since the old sections stay for Classic mode); or only add the switch.
 * Entries already in system.webServer (same name, or same path and verb) are
 * not added twice.
 *
 * Facts: RUNTIME_FAILURES.integrated*, MIGRATE (iis/serverFacts.ts).
 */
import type { Rule, RuleContext } from './rule';
import type { CodeAction, Diagnostic, DocumentAnalysis } from '../types';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlElement, childElements, encodeAttributeValue, getAttribute } from '../../syntax/xml';
import { MIGRATE, RUNTIME_FAILURES } from '../../iis/serverFacts';
import { pipelineMode } from '../../model';
import { attributeInEffect, factsAt, relatedIn, serverView, targetPath } from '../serverView';
import { SectionChange, scopeEdits } from '../fixes/elementEdits';
import { sectionOf } from '../../hierarchy/lookup';
import { shown } from '../../util/strings';

const VALIDATION = 'system.webServer/validation';
const KINDS = {
  'system.web/httpModules': { fact: RUNTIME_FAILURES.integratedHttpModules, what: 'system.web/httpModules entries', target: 'system.webServer/modules' },
  'system.web/httpHandlers': { fact: RUNTIME_FAILURES.integratedHttpHandlers, what: 'system.web/httpHandlers entries', target: 'system.webServer/handlers' },
  'system.web/identity': { fact: RUNTIME_FAILURES.integratedImpersonate, what: '<identity impersonate="true">', target: undefined },
} as const;
type Kind = keyof typeof KINDS;

interface Data { readonly sectionStart: number }

function entries(section: SectionInstance): XmlElement[] {
  return childElements(section.element).filter((c) => c.name === 'add');
}

function checkInstance(section: SectionInstance, ctx: RuleContext): void {
  const kind = KINDS[section.path as Kind];
  if (!kind) return;
  let range: { start: number; end: number };
  if (section.path === 'system.web/identity') {
    const a = getAttribute(section.element, 'impersonate');
    if (!a || a.value.trim().toLowerCase() !== 'true') return;
    range = { start: a.valueStart, end: a.valueEnd };
  } else {
    if (!entries(section).length || getAttribute(section.element, 'configSource')) return;
    range = { start: section.element.nameStart, end: section.element.nameEnd };
  }
  const view = serverView(ctx);
  const facts = factsAt(view, targetPath(view, section));
  const pool = facts?.pool;
  if (!pool || pipelineMode(pool) !== 'Integrated') return;
  const validation = attributeInEffect(view, VALIDATION, 'validateIntegratedModeConfiguration', section);
  if (validation && validation.value.trim().toLowerCase() === 'false') return;
  const poolRelated = relatedIn(view.chain[0], pool.element.start, pool.element.startTagEnd, `application pool "${pool.name}" runs the Integrated pipeline${pool.managedPipelineMode.from === 'schema' ? ' (the default)' : ''}`);
  const status = /^\d{3}\.\d+/.exec(kind.fact.answer)![0];
  const poolName = shown(pool.name);
  const message = kind.target
    ? `<${section.element.name}> entries are refused in the Integrated pipeline of pool "${poolName}" (${status}); move them to ${kind.target}.`
    : `<identity impersonate="true"> is refused in the Integrated pipeline of pool "${poolName}" (${status}) unless validation is switched off.`;
  const detail = kind.target
    ? `In the Integrated pipeline ASP.NET reads modules and handlers from ${kind.target}; IIS answers ${status} for an application whose web.config still lists them in ${section.path}, unless system.webServer/validation/@validateIntegratedModeConfiguration is "false". appcmd migrate config copies them and sets that switch (the old section stays for Classic mode).`
    : 'Impersonation is not available in the earliest stages of the Integrated pipeline, so IIS answers 500.24 unless system.webServer/validation/@validateIntegratedModeConfiguration is "false"; set it if impersonating after authentication is enough, or run the application in a Classic pool.';
  ctx.report({
    code: 'integrated-mode-conflict', ...range, related: poolRelated ? [poolRelated] : [],
    data: { sectionStart: section.element.start } satisfies Data,
    message, detail,
  });
}

/** The class name of a .NET type ("Elmah.ErrorLogModule, Elmah" → "ErrorLogModule"). */
function className(type: string): string {
  const t = type.split(',')[0].trim();
  return t.slice(t.lastIndexOf('.') + 1) || t;
}

function existingNames(analysis: DocumentAnalysis, section: SectionInstance, path: string): { names: Set<string>; pathVerbs: Set<string> } {
  const names = new Set<string>(), pathVerbs = new Set<string>();
  for (const s of analysis.file.sections) {
    if (s.path !== path || s.location !== section.location) continue;
    for (const e of childElements(s.element)) {
      if (e.name !== 'add') continue;
      names.add(getAttribute(e, 'name')?.value ?? '');
      pathVerbs.add(`${(getAttribute(e, 'path')?.value ?? '').toLowerCase()}|${(getAttribute(e, 'verb')?.value ?? '').toUpperCase()}`);
    }
  }
  return { names, pathVerbs };
}

function migrateChange(analysis: DocumentAnalysis, section: SectionInstance): SectionChange | undefined {
  if (section.path === 'system.web/httpModules') {
    const { names } = existingNames(analysis, section, 'system.webServer/modules');
    const lines = entries(section).filter((e) => !names.has(getAttribute(e, 'name')?.value ?? '')).map((e) => {
      const name = getAttribute(e, 'name')?.value ?? '';
      const type = getAttribute(e, 'type')?.value ?? '';
      return `<add name="${encodeAttributeValue(name)}" type="${encodeAttributeValue(type)}" preCondition="${MIGRATE.modulePreCondition}" />`;
    });
    return { sectionPath: 'system.webServer/modules', entries: lines };
  }
  if (section.path === 'system.web/httpHandlers') {
    const { names, pathVerbs } = existingNames(analysis, section, 'system.webServer/handlers');
    const lines: string[] = [];
    for (const e of entries(section)) {
      const path = getAttribute(e, 'path')?.value ?? '*';
      const verb = getAttribute(e, 'verb')?.value ?? '*';
      const type = getAttribute(e, 'type')?.value ?? '';
      if (pathVerbs.has(`${path.toLowerCase()}|${verb.toUpperCase()}`)) continue;
      let name = `${className(type) || 'Handler'}-Integrated`;
      for (let i = 2; names.has(name); i++) name = `${className(type)}-Integrated-${i}`;
      names.add(name);
      lines.push(`<add name="${encodeAttributeValue(name)}" path="${encodeAttributeValue(path)}" verb="${encodeAttributeValue(verb)}" type="${encodeAttributeValue(type)}" preCondition="${MIGRATE.handlerPreCondition}" />`);
    }
    return { sectionPath: 'system.webServer/handlers', entries: lines };
  }
  return undefined;
}

const SWITCH: SectionChange = { sectionPath: VALIDATION, attributes: [{ path: [], name: 'validateIntegratedModeConfiguration', value: 'false' }] };

export const integratedModeRule: Rule = {
  id: 'integrated-mode-conflict',
  codes: ['integrated-mode-conflict'],
  // Per section: the pool of its path (from <sites> and <applicationPools> in an applicationHost.config; from the
  // fixed applicationHost.config of a web.config's hierarchy) and the validation switch in effect (this file's own).
  dependsOn: (file) => (file.kind === 'applicationHost' ? ['system.applicationHost/sites', 'system.applicationHost/applicationPools', VALIDATION] : [VALIDATION]),
  checkSection(section, ctx) {
    if (section.path in KINDS) checkInstance(section, ctx);
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data || !analysis.doc.root) return [];
    const el = findElement(analysis, data.sectionStart);
    const section = el && sectionOf(analysis.file, el);
    if (!section) return [];
    const out: CodeAction[] = [];
    const migrate = migrateChange(analysis, section);
    if (migrate) {
      const target = section.path === 'system.web/httpModules' ? 'system.webServer/modules' : 'system.webServer/handlers';
      out.push({
        title: `Migrate the entries to ${target} (as appcmd migrate config does)`, kind: 'quickfix', diagnostic, isPreferred: true,
        edits: scopeEdits(analysis.text, analysis.file, section.location, migrate.entries?.length ? [migrate, SWITCH] : [SWITCH]),
      });
    }
    out.push({
      title: 'Set validateIntegratedModeConfiguration="false"', kind: 'quickfix', diagnostic, isPreferred: !migrate,
      edits: scopeEdits(analysis.text, analysis.file, section.location, [SWITCH]),
    });
    return out;
  },
};

function findElement(analysis: DocumentAnalysis, start: number): XmlElement | undefined {
  for (const s of analysis.file.sections) if (s.element.start === start) return s.element;
  return undefined;
}
