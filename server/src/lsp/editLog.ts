/**
 * The edits made to each open document since its last analysis, so that a
 * request at a position (hover) can be answered from that analysis while the
 * new one is still pending (debounce) or running, instead of waiting for a
 * full re-analysis of a large file.
 *
 * Offsets are mapped through the edits: a position that lies inside text
 * typed since the analysis cannot be mapped, and the caller then asks for a
 * current analysis instead.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LineIndex, Position } from '../syntax/lineIndex';
import type { TextChange } from '../syntax/xml';

interface Edit {
  /** Document version the edit produced. */
  readonly version: number;
  /** Replaced range, in the text before the edit. */
  readonly start: number;
  readonly end: number;
  /** Length of the inserted text. */
  readonly length: number;
}

/** More edits than this since the last analysis are not worth mapping: the caller re-analyses. */
const MAX_EDITS = 5000;

/** Offsets of the text an analysis read <-> offsets of the current text. */
export interface OffsetMapper {
  /** The offset in the analysed text of a current offset; inside text typed since: undefined, or with `nearest` its start. */
  toOld(offset: number, nearest?: boolean): number | undefined;
  /** The current offset of an offset of the analysed text (inside replaced text: the start of the replacement). */
  toNew(offset: number): number;
}

export class EditLog {
  private readonly edits = new Map<string, Edit[]>();
  /** Documents whose whole content was replaced or whose log overflowed since this version: nothing maps across it. */
  private readonly resetAt = new Map<string, number>();

  /**
   * Record the changes of one didChange (applied in order to `doc`, which is at the version before them) and
   * apply them. Used as the `update` of the server's TextDocuments.
   */
  update(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number, apply: (d: TextDocument, c: TextDocumentContentChangeEvent[], v: number) => TextDocument): TextDocument {
    const uri = doc.uri;
    let list = this.edits.get(uri);
    if (!list) this.edits.set(uri, list = []);
    for (const change of changes) {
      if ('range' in change && change.range) {
        const start = doc.offsetAt(change.range.start), end = doc.offsetAt(change.range.end);
        list.push({ version, start, end: Math.max(start, end), length: change.text.length });
      } else {
        list.length = 0;
        this.resetAt.set(uri, version);
      }
      doc = apply(doc, [change], version);
    }
    if (list.length > MAX_EDITS) {
      list.length = 0;
      this.resetAt.set(uri, version);
    }
    return doc;
  }

  /** Forget the edits up to `version` (an analysis of that version exists). */
  analysed(uri: string, version: number): void {
    const list = this.edits.get(uri);
    if (!list) return;
    let k = 0;
    while (k < list.length && list[k].version <= version) k++;
    if (k) list.splice(0, k);
  }

  forget(uri: string): void {
    this.edits.delete(uri);
    this.resetAt.delete(uri);
  }

  /**
   * One change that covers every edit since version `since`, in that version's offsets: `[start, end)` of the text
   * of `since` became `newLength` characters of the current text, the rest is the same (for incremental analysis).
   * Undefined when the versions cannot be related (a whole-content change, an overflowing log) or nothing changed.
   */
  coveringChange(uri: string, since: number): TextChange | undefined {
    const reset = this.resetAt.get(uri);
    if (reset !== undefined && reset > since) return undefined;
    const edits = (this.edits.get(uri) ?? []).filter((e) => e.version > since);
    if (!edits.length) return undefined;
    // The changed region, in current offsets [cs, ce) and in the old text's [os, oe); outside it the texts agree.
    let cs = edits[0].start, ce = edits[0].start, os = edits[0].start, oe = edits[0].start;
    for (const e of edits) {
      // Offsets of the text before this edit, mapped to the old text.
      const toOld = (x: number) => (x < cs ? x : x >= ce ? x - (ce - cs) + (oe - os) : undefined);
      const s0 = Math.min(cs, e.start), e0 = Math.max(ce, e.end);
      os = Math.min(os, toOld(s0) ?? os);
      oe = Math.max(oe, toOld(e0) ?? oe);
      cs = s0;
      ce = e0 + e.length - (e.end - e.start);
    }
    return { start: os, end: oe, newLength: ce - cs };
  }

  /** A mapper between the text of version `since` and the current text; undefined when they cannot be related. */
  mapper(uri: string, since: number): OffsetMapper | undefined {
    const reset = this.resetAt.get(uri);
    if (reset !== undefined && reset > since) return undefined;
    const edits = (this.edits.get(uri) ?? []).filter((e) => e.version > since);
    return {
      toOld(offset: number, nearest = false): number | undefined {
        let p = offset;
        for (let i = edits.length - 1; i >= 0; i--) {
          const e = edits[i];
          if (p <= e.start) continue;
          if (p >= e.start + e.length) p += (e.end - e.start) - e.length;
          else if (nearest) p = e.start;
          else return undefined;
        }
        return p;
      },
      toNew(offset: number): number {
        let p = offset;
        for (const e of edits) {
          if (p < e.start) continue;
          if (p >= e.end) p += e.length - (e.end - e.start);
          else p = e.start + Math.min(p - e.start, e.length);
        }
        return p;
      },
    };
  }
}

/**
 * A LineIndex for an analysis of an older version of `doc`: positions are the
 * current document's, offsets are the analysed text's.
 */
export class MappedLineIndex extends LineIndex {
  constructor(private readonly doc: TextDocument, private readonly map: OffsetMapper) {
    super('');
  }

  override get lineCount(): number { return this.doc.lineCount; }

  override lineStart(line: number): number { return this.offsetAt({ line, character: 0 }); }

  override positionAt(offset: number): Position { return this.doc.positionAt(this.map.toNew(offset)); }

  override offsetAt(pos: Position): number { return this.map.toOld(this.doc.offsetAt(pos), true) ?? 0; }
}
