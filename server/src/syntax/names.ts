/**
 * XML 1.0 (Fifth Edition) names: the `Name` production (§2.3, NameStartChar NameChar*), for edits that write a
 * name into a document (a quick fix must never offer a name that would make the file malformed).
 */

/** NameStartChar: ":" | [A-Z] | "_" | [a-z] and the listed ranges (code points). */
export function isNameStartCodePoint(c: number): boolean {
  return c === 58 || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122)
    || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff)
    || (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d)
    || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff)
    || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0x10000 && c <= 0xeffff);
}

/** NameChar: NameStartChar | "-" | "." | [0-9] | #xB7 | [#x0300-#x036F] | [#x203F-#x2040]. */
export function isNameCodePoint(c: number): boolean {
  return isNameStartCodePoint(c) || c === 45 || c === 46 || (c >= 48 && c <= 57) || c === 0xb7
    || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/** Is `s` an XML name (usable as an element or attribute name)? */
export function isXmlName(s: string): boolean {
  if (!s.length) return false;
  let first = true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // A lone surrogate is no character at all.
    if (c >= 0xd800 && c <= 0xdfff) return false;
    if (first ? !isNameStartCodePoint(c) : !isNameCodePoint(c)) return false;
    first = false;
  }
  return true;
}
