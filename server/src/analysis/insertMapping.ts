/**
 * The edit behind "Insert client certificate mapping from file…": put a
 * one-to-one mapping `<add userName="" certificate="…" />` into the
 * `<oneToOneMappings>` of the `<iisClientCertificateMappingAuthentication>`
 * the cursor is in (or the only one in the file), at the cursor when it is
 * inside `<oneToOneMappings>`, else at its end; `<oneToOneMappings>` is
 * created when missing and self-closing elements are opened. The file's
 * indentation unit and line ending are used. Pure: analysis in, edits out.
 */
import type { DocumentAnalysis, TextEdit } from './types';
import type { SectionInstance } from '../hierarchy/configFile';
import { XmlElement, XmlNode, childElements, elementAt, getAttribute } from '../syntax/xml';
import { indentBefore, lineIndent, openedStartTag, styleOf } from '../syntax/format';
import { LineIndex } from '../syntax/lineIndex';
import { mappingEntryText } from '../iis/certificates';
import { IIS_MAPPING } from './clientCertificates';

export type InsertMappingResult =
  | { readonly ok: true; readonly edits: readonly TextEdit[]; readonly section: SectionInstance }
  | { readonly ok: false; readonly message: string };

export function insertMappingEdits(analysis: DocumentAnalysis, offset: number, base64: string): InsertMappingResult {
  const sections = analysis.file.sections.filter((s) => s.path === IIS_MAPPING);
  let section: SectionInstance | undefined;
  for (let el = elementAt(analysis.doc, offset); el && !section; el = el.parent) {
    section = sections.find((s) => s.element === el);
  }
  if (!section) {
    if (sections.length === 1) section = sections[0];
    else if (!sections.length) {
      return { ok: false, message: 'This file has no <iisClientCertificateMappingAuthentication> section. Add one at server or site level (IIS reads it only there), then insert the mapping into it.' };
    } else {
      return { ok: false, message: 'This file has several <iisClientCertificateMappingAuthentication> sections: place the cursor inside the one the mapping belongs to.' };
    }
  }
  if (!section.element.closed) return { ok: false, message: 'The <iisClientCertificateMappingAuthentication> section is not closed: fix the XML first.' };

  const text = analysis.text;
  const lines = new LineIndex(text);
  const collections = childElements(section.element).filter((c) => c.name === 'oneToOneMappings');
  for (const coll of collections) {
    for (const add of childElements(coll)) {
      if (add.name === 'add' && getAttribute(add, 'certificate')?.value === base64) {
        return { ok: false, message: `This certificate is already mapped (line ${lines.positionAt(add.start).line + 1}): IIS rejects the same certificate twice in one collection.` };
      }
    }
  }

  const { eol, unit } = styleOf(analysis.doc);
  const entry = mappingEntryText(base64);
  const coll = collections.find((c) => offset >= c.startTagEnd && c.endTagStart >= 0 && offset <= c.endTagStart) ?? collections[0];
  if (coll) {
    if (!coll.closed) return { ok: false, message: '<oneToOneMappings> is not closed: fix the XML first.' };
    const collIndent = indentOf(text, coll);
    if (coll.selfClosing) {
      const open = openedStartTag(text, coll);
      return { ok: true, section, edits: [{ start: coll.start, end: coll.end, newText: `${open}${eol}${collIndent}${unit}${entry}${eol}${collIndent}</${coll.name}>` }] };
    }
    const firstAdd = childElements(coll).find((c) => c.name === 'add');
    const childIndent = (firstAdd && indentBefore(text, firstAdd.start)) ?? collIndent + unit;
    const at = offset >= coll.startTagEnd && offset <= coll.endTagStart ? offset : coll.endTagStart;
    return { ok: true, section, edits: [insertChild(text, coll, at, childIndent, collIndent, entry, eol)] };
  }

  // No <oneToOneMappings>: create it in the section.
  const sec = section.element;
  const secIndent = indentOf(text, sec);
  const block = (indent: string) => `${indent}<oneToOneMappings>${eol}${indent}${unit}${entry}${eol}${indent}</oneToOneMappings>`;
  if (sec.selfClosing) {
    const open = openedStartTag(text, sec);
    return { ok: true, section, edits: [{ start: sec.start, end: sec.end, newText: `${open}${eol}${block(secIndent + unit)}${eol}${secIndent}</${sec.name}>` }] };
  }
  const childIndent = secIndent + unit;
  const edit = insertChild(text, sec, sec.endTagStart, childIndent, secIndent, block(childIndent).slice(childIndent.length), eol);
  return { ok: true, section, edits: [edit] };
}

/** The indentation of an element's line when it starts the line, else the line's indentation. */
function indentOf(text: string, el: XmlElement): string {
  return indentBefore(text, el.start) ?? lineIndent(text, el.start);
}

/**
 * Insert `content` (already starting with its markup, to be indented with
 * `childIndent`) as a child of `parent`: after the last child node that ends
 * at or before `offset`, or at the start of the content. An empty or
 * whitespace-only content is replaced so the end tag keeps its own line.
 */
function insertChild(text: string, parent: XmlElement, offset: number, childIndent: string, parentIndent: string, content: string, eol: string): TextEdit {
  const nodes = parent.children.filter((n: XmlNode) => n.type !== 'text');
  if (!nodes.length) {
    const inner = text.slice(parent.startTagEnd, parent.endTagStart);
    if (/^\s*$/.test(inner)) {
      return { start: parent.startTagEnd, end: parent.endTagStart, newText: `${eol}${childIndent}${content}${eol}${parentIndent}` };
    }
    return { start: parent.startTagEnd, end: parent.startTagEnd, newText: `${eol}${childIndent}${content}` };
  }
  let after = parent.startTagEnd;
  for (const n of nodes) if (n.end <= offset) after = n.end;
  return { start: after, end: after, newText: `${eol}${childIndent}${content}` };
}
