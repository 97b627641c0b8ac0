/** Offsets <-> zero-based line/character positions (UTF-16 code units, as LSP counts them). */
export interface Position { line: number; character: number; }

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // LF only (or one line): a native search per line instead of a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
      return;
    }
    // CR, LF and CRLF line ends: two native searches, not a loop over every character.
    let r = text.indexOf('\r'), n = text.indexOf('\n');
    while (r >= 0 || n >= 0) {
      if (n >= 0 && (r < 0 || n < r)) {
        starts.push(n + 1);
        n = text.indexOf('\n', n + 1);
      } else {
        if (text.charCodeAt(r + 1) === 10) { starts.push(r + 2); n = text.indexOf('\n', r + 2); } else starts.push(r + 1);
        r = text.indexOf('\r', r + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number { return this.starts.length; }

  lineStart(line: number): number { return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]; }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }
}
