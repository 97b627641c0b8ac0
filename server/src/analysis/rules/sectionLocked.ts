/**
 * `section-locked`: a section set in a web.config at a level where it is
 * locked, so IIS answers 500.19 "This configuration section cannot be used at
 * this path" (0x80070021). The lock comes from the declaration
 * (overrideModeDefault="Deny") or from a `<location overrideMode="Deny">` /
 * legacy `allowOverride="false"` in a file above, and is lifted by an
 * `overrideMode="Allow"` location above (see inheritance.ts:
 * sectionLockState). A `<location>` counts as its own file's level, so
 * applicationHost.config may set a locked section in `<location path="Site">`
 * and a web.config may not set it even inside a `<location>`.
 *
 * Needs the hierarchy (the CLI and the language server supply it; with no
 * applicationHost.config found, the built-in default IIS 10 model).
 *
 * Quick fixes, when the applicationHost.config in effect is in the workspace
 * and the file's site is known: "Unlock <x> for site …" (adds or extends
 * `<location path="Site" overrideMode="Allow">`) and "Move <x> into
 * applicationHost.config" (as `<location path="Site/…">`).
 *
 * Left alone: applicationHost.config itself (nothing above it), sections that
 * section-not-allowed already reports (AppHostOnly & co), files with no
 * hierarchy in the context.
 */
import type { Rule, RuleContext } from './rule';
import { sectionStartingAt } from '../../hierarchy/lookup';
import type { CodeAction, Diagnostic, DocumentAnalysis, RelatedInformation } from '../types';
import type { ConfigHierarchy } from '../../hierarchy/hierarchy';
import { locationSegments } from '../../hierarchy/hierarchy';
import type { SectionInstance } from '../../hierarchy/configFile';
import { ChainFile, LockState, assumedClause, assumptionNote, chainOf, lineOf, sectionLockState } from '../inheritance';
import { baseNameOf, shortName, shown } from '../messages';
import { profileInfo } from '../../iis/serverProfiles';
import { builtInProfileOf } from '../../hierarchy/defaultAppHost';
import { definitionViolation } from './sectionNotAllowed';
import { addToLocation, emptySection, findLocation, movedSection, normalizePath, removeSection, sectionIn } from '../fixes/appHostEdits';

interface Data {
  readonly sectionStart: number;
  /** The lock can be lifted by a site location in applicationHost.config (it comes from the declaration or a server-level location there). */
  readonly unlockable: boolean;
}

function where(f: ChainFile, offset: number): string {
  if (f.builtIn) return `the assumed ${profileInfo(builtInProfileOf(f.fileName)).assumption}`;
  return `${f.current ? 'this file' : baseNameOf(f.fileName)}, line ${lineOf(f.text, offset)}`;
}

/** Where the lock comes from: the message's words, the detail, related information. */
function describeLock(state: LockState, h: ConfigHierarchy): { words: string; detail: string; related: RelatedInformation[]; unlockable: boolean } {
  const by = state.by;
  if (by.kind === 'declaration') {
    const f = by.chainFile;
    const declared = f ? `its declaration (${where(f, by.declaration.element!.start)})` : 'its stock declaration';
    const related: RelatedInformation[] = f && by.declaration.element && !f.builtIn
      ? [{ message: 'The declaration that locks it (overrideModeDefault="Deny")', start: by.declaration.element.start, end: by.declaration.element.startTagEnd, ...(f.current ? {} : { file: f.fileName }) }]
      : [];
    const unlock = h.mapped ? ` and no <location overrideMode="Allow"> above unlocks it for ${quotePath(h.configPath)}` : ' and nothing above unlocks it';
    return {
      words: h.choice.source === 'default' ? 'is locked by default' : 'is locked by its declaration (overrideModeDefault="Deny")',
      detail: `It is locked by default: ${declared} sets overrideModeDefault="Deny"${unlock}.`,
      related, unlockable: !f || f.index === 0,
    };
  }
  const loc = by.location;
  const f = by.chainFile;
  const text = `<location path="${loc.path}" ${by.attribute.name}="${by.attribute.value}">`;
  const related: RelatedInformation[] = f.builtIn ? [] : [{ message: `The ${text} that locks it`, start: loc.element.start, end: loc.element.startTagEnd, file: f.fileName }];
  const serverLevel = f.index === 0 && locationSegments(loc.path).length === 0;
  const file = f.builtIn ? where(f, 0) : f.index === 0 ? 'applicationHost.config' : 'a parent web.config';
  return {
    words: `is locked here by <location path="${shown(loc.path, 30)}" ${by.attribute.name}="${shown(by.attribute.value, 10)}"> in ${file}`,
    detail: `It is locked by ${text} (${where(f, loc.element.start)}).`,
    related, unlockable: serverLevel,
  };
}

function quotePath(p: readonly string[]): string { return `"${p.join('/')}"`; }

/** The state of every section of the analysed file (shared with the hover). */
export function lockedSections(analysis: Pick<DocumentAnalysis, 'text' | 'file' | 'context'>): Array<{ section: SectionInstance; state: LockState }> {
  const h = analysis.context.hierarchy;
  if (!h || analysis.file.kind !== 'web') return [];
  const chain = chainOf(h, { fileName: analysis.context.fileName, text: analysis.text, file: analysis.file });
  const out: Array<{ section: SectionInstance; state: LockState }> = [];
  for (const section of analysis.file.sections) {
    if (definitionViolation(section, analysis.file)) continue;
    const state = sectionLockState(h, chain, chain.length - 1, section.path, section.declaration);
    if (state.locked) out.push({ section, state });
  }
  return out;
}

export const sectionLockedRule: Rule = {
  id: 'section-locked',
  codes: ['section-locked'],
  check(ctx: RuleContext) {
    const h = ctx.context.hierarchy;
    if (!h) return;
    for (const { section, state } of lockedSections(ctx)) {
      const name = shortName(section.path);
      const d = describeLock(state, h);
      const inLocation = section.location ? ' A <location> in a web.config still counts as the web.config\'s own level.' : '';
      const site = h.mapped ? h.configPath[0] : 'SiteName';
      const unlockHint = state.by.kind === 'declaration' ? `; unlock it ${h.mapped ? `for site "${shown(site, 30)}" ` : ''}in applicationHost.config` : '';
      const message = `<${name}> ${d.words}${unlockHint}${assumedClause(h)}.`;
      const detail = `${d.detail}${inLocation} IIS answers 500.19 ("This configuration section cannot be used at this path", 0x80070021). Unlock it in applicationHost.config with <location path="${site}" overrideMode="Allow">, or set it there.${h.choice.source === 'default' ? ` ${assumptionNote(h)}` : ''}`;
      ctx.report({
        code: 'section-locked', start: section.element.nameStart, end: section.element.nameEnd, message, detail,
        // A verdict that rests on assumed default settings is a warning: the real server may differ.
        ...(h.choice.source === 'default' ? { severity: 'warning' as const } : {}),
        ...(d.related.length ? { related: d.related } : {}),
        data: { sectionStart: section.element.start, unlockable: d.unlockable } satisfies Data,
      });
    }
  },
  fixes(diagnostic: Diagnostic, analysis: DocumentAnalysis): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    const h = analysis.context.hierarchy;
    if (!data || !h || h.appHost.builtIn || !h.choice.inWorkspace || !h.mapped) return [];
    const section = sectionStartingAt(analysis.file, data.sectionStart);
    if (!section) return [];
    const appHost = h.appHost;
    const name = shortName(section.path);
    const site = h.configPath[0];
    const actions: CodeAction[] = [];
    if (data.unlockable) {
      const existing = findLocation(appHost.file, site, { kind: 'unlock' });
      if (!existing || !sectionIn(appHost.file, existing, section.path)) {
        actions.push({
          title: `Unlock <${name}> for site "${site}" in applicationHost.config`, kind: 'quickfix', diagnostic, isPreferred: true, edits: [],
          fileEdits: [{ file: appHost.fileName, text: appHost.text, edits: addToLocation(appHost.text, appHost.file, site, ' overrideMode="Allow"', existing, emptySection(section.path)) }],
        });
      }
    }
    const target = [...h.configPath, ...(section.location ? locationSegments(section.location.path) : [])].join('/');
    const title = `Move <${name}> into applicationHost.config (<location path="${target}">)`;
    const into = findLocation(appHost.file, target, { kind: 'settings' });
    // A path may hold a section only once per file: any <location> for the path that has it already blocks the move.
    const already = appHost.file.sections.find((s) => s.path === section.path && s.location && normalizePath(s.location.path) === normalizePath(target));
    if (already) {
      actions.push({ title, kind: 'quickfix', diagnostic, edits: [], disabledReason: `applicationHost.config already has <${name}> in a <location path="${already.location!.path}"> (line ${lineOf(appHost.text, already.element.start)}), and a path may have a section only once per file; merge the two by hand.` });
    } else {
      actions.push({
        title, kind: 'quickfix', diagnostic, edits: [removeSection(analysis.text, analysis.file, section)],
        fileEdits: [{ file: appHost.fileName, text: appHost.text, edits: addToLocation(appHost.text, appHost.file, target, '', into, movedSection(analysis.doc, section)) }],
      });
    }
    return actions;
  },
};

/** Markdown lines for the hover of a locked section: the appcmd commands that unlock it on the server. */
export function lockedHoverLines(analysis: DocumentAnalysis, section: SectionInstance): string[] {
  const h = analysis.context.hierarchy;
  const hit = lockedSections(analysis).find((l) => l.section === section);
  if (!h || !hit) return [];
  const appcmd = '%windir%\\system32\\inetsrv\\appcmd.exe';
  const lines = ['', `**Locked here** (\`section-locked\`). To unlock it on the server, run as administrator:`, ''];
  if (h.mapped) lines.push(`\`${appcmd} unlock config "${h.configPath[0]}" -section:${section.path} -commit:apphost\` — for site "${h.configPath[0]}" only`, '');
  lines.push(`\`${appcmd} unlock config -section:${section.path}\` — for every site`);
  return lines;
}
