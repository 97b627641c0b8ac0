/**
 * Quick fix: move a section element to another level of the same file — into
 * the `<location path="Site">` of its site (merging into an existing one, with
 * the missing section-group parents created), or to server level.
 *
 * Guarantees: the moved element's text is kept byte for byte except for the
 * indentation of lines that start in markup (attribute values, comments and
 * CDATA are never touched); siblings stay where they are; parents left empty
 * by the move are removed; the file's indentation unit and line ending are
 * used for new lines (`styleOf`, as for every fix). When the target level already has the section, the
 * action is offered as a lossless merge only when it provably is one;
 * otherwise it is disabled with the reason.
 */
import type { CodeAction, Diagnostic, DocumentAnalysis, TextEdit } from '../types';
import type { LocationInfo, SectionInstance } from '../../hierarchy/configFile';
import { getAttribute, encodeAttributeValue } from '../../syntax/xml';
import { indentBefore, lineIndent, isEffectivelyEmpty, styleOf } from '../../syntax/format';
import { insertIntoContainer, locationBlock, movedSection, normalizePath as normalizeLocationPath, removeSection } from './appHostEdits';
import { LineIndex } from '../../syntax/lineIndex';

export type MoveTarget = { readonly kind: 'site'; readonly site: string } | { readonly kind: 'server' };


function shortName(path: string): string { return path.slice(path.lastIndexOf('/') + 1); }

export function moveSectionAction(analysis: DocumentAnalysis, section: SectionInstance, target: MoveTarget, diagnostic?: Diagnostic): CodeAction {
  const name = shortName(section.path);
  const title = target.kind === 'site'
    ? `Move <${name}> to site level (<location path="${target.site}">)`
    : `Move <${name}> to server level (outside any <location>)`;
  const conflict = findExisting(analysis, section, target);
  if (conflict) {
    const merged = losslessMerge(analysis, section, conflict);
    if (merged) {
      const into = target.kind === 'site' ? `site level (<location path="${target.site}">)` : 'server level';
      return { title: `Merge <${name}> into the one at ${into}`, kind: 'quickfix', diagnostic, edits: merged, isPreferred: true };
    }
    const line = new LineIndex(analysis.text).positionAt(conflict.element.start).line + 1;
    return {
      title, kind: 'quickfix', diagnostic, edits: [],
      disabledReason: `The ${target.kind} level already has <${name}> (line ${line}) with different settings; merge the two by hand, then delete this one.`,
    };
  }
  return { title, kind: 'quickfix', diagnostic, edits: moveEdits(analysis, section, target), isPreferred: true };
}

/** The section already present at the target level, if any. */
function findExisting(analysis: DocumentAnalysis, section: SectionInstance, target: MoveTarget): SectionInstance | undefined {
  const wanted = target.kind === 'site' ? normalizeLocationPath(target.site) : '';
  return analysis.file.sections.find((s) => s !== section && s.path === section.path &&
    (s.location ? normalizeLocationPath(s.location.path) === wanted : wanted === ''));
}

/**
 * A merge is lossless when the existing element has no content and no
 * attribute whose value differs from the moved one: the moved element, with
 * the existing element's extra attributes added, then says everything both said.
 */
function losslessMerge(analysis: DocumentAnalysis, moving: SectionInstance, existing: SectionInstance): TextEdit[] | undefined {
  const text = analysis.text;
  if (!isEffectivelyEmpty(text, existing.element)) return undefined;
  const extra: string[] = [];
  for (const a of existing.element.attributes) {
    const mine = getAttribute(moving.element, a.name);
    if (mine && mine.value !== a.value) return undefined;
    if (!mine) extra.push(` ${a.name}="${encodeAttributeValue(a.value)}"`);
  }
  const toIndent = indentBefore(text, existing.element.start) ?? lineIndent(text, existing.element.start);
  let moved = movedSection(analysis.doc, moving).render(toIndent, styleOf(analysis.doc));
  if (extra.length) {
    const at = moving.element.nameEnd - moving.element.start;
    moved = moved.slice(0, at) + extra.join('') + moved.slice(at);
  }
  const edits: TextEdit[] = [{ start: existing.element.start, end: existing.element.end, newText: moved }];
  edits.push(removeSection(text, analysis.file, moving));
  return sortEdits(edits);
}

function sortEdits(edits: TextEdit[]): TextEdit[] {
  return edits.sort((a, b) => a.start - b.start || a.end - b.end);
}

function moveEdits(analysis: DocumentAnalysis, section: SectionInstance, target: MoveTarget): TextEdit[] {
  const text = analysis.text;
  const content = movedSection(analysis.doc, section);
  const edits: TextEdit[] = [removeSection(text, analysis.file, section)];
  const container = target.kind === 'server' ? analysis.file.configuration : findTargetLocation(analysis, section, target.site)?.element;
  if (container) {
    edits.push(insertIntoContainer(text, analysis.file, container, content));
  } else if (target.kind === 'site' && section.location) {
    // No location for the site yet: create one right after the current location.
    const loc = section.location.element;
    const { eol } = styleOf(analysis.doc);
    const block = locationBlock(analysis.file, target.site, '', lineIndent(text, loc.start), content);
    let at = loc.end;
    let j = at;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= text.length || text[j] === '\n' || text[j] === '\r') {
      at = j >= text.length ? j : text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
      edits.push({ start: at, end: at, newText: j >= text.length ? eol + block : block });
    } else {
      edits.push({ start: at, end: at, newText: eol + block });
    }
  }
  return sortEdits(edits);
}

/**
 * The `<location>` to merge into: same path (compared as IIS does), preferring
 * one without locking attributes; never one that stops inheritance into child
 * applications (the moved settings must still reach them).
 */
function findTargetLocation(analysis: DocumentAnalysis, section: SectionInstance, site: string): LocationInfo | undefined {
  const wanted = normalizeLocationPath(site);
  const candidates = analysis.file.locations.filter((l) => l !== section.location && normalizeLocationPath(l.path) === wanted &&
    getAttribute(l.element, 'inheritInChildApplications')?.value.toLowerCase() !== 'false');
  return candidates.find((l) => !getAttribute(l.element, 'overrideMode') && !getAttribute(l.element, 'allowOverride')) ?? candidates[0];
}
