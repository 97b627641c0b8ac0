/**
 * The house style of diagnostic messages, and helpers to keep to it.
 *
 * A message is one sentence that says what is wrong and, when it can, where it
 * belongs or what to write instead, with the keys filled in
 * (`<remove fileExtension=".json" />`, never `name="…"`). It stays under about
 * 160 characters and never names an absolute path: files and lines go to the
 * diagnostic's related information. Everything else — why IIS refuses it, the
 * evidence, the error IIS shows, the assumption a verdict rests on — goes to
 * the diagnostic's `detail`, which the hover shows. When an assumption decides
 * the verdict (no applicationHost.config found, a server profile), the message
 * says so in one short clause.
 *
 * `messageStyleProblems` is the check the test suite runs over every message
 * it sees.
 */

/** The length a message should stay under. */
export const MESSAGE_LENGTH = 160;

export { shown } from '../util/strings';

/** The last segment of a section path (`system.webServer/httpCompression` → `httpCompression`). */
export function shortName(sectionPath: string): string {
  return sectionPath.slice(sectionPath.lastIndexOf('/') + 1);
}

/** A file name without its folders, for messages (the full path goes to related information). */
export function baseNameOf(fileName: string): string {
  const decoded = (() => { try { return decodeURIComponent(fileName); } catch { return fileName; } })();
  return decoded.slice(Math.max(decoded.lastIndexOf('/'), decoded.lastIndexOf('\\')) + 1);
}

/**
 * What is wrong with a message against the house style (empty: nothing).
 * `absoluteRoots`: folders whose paths must not appear (the test suite passes its own); Windows drive paths and UNC
 * paths are always refused.
 */
export function messageStyleProblems(message: string, absoluteRoots: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (message.length > MESSAGE_LENGTH) problems.push(`${message.length} characters (over ${MESSAGE_LENGTH})`);
  if (/(^|[\s"'(=])[A-Za-z]:[\\/]/.test(message) || /(^|[\s"'(])\\\\[\w.-]+\\/.test(message)) problems.push('names a Windows absolute path');
  for (const root of absoluteRoots) if (root && message.includes(root)) problems.push(`names an absolute path (${root})`);
  // Quoted values, tags and code may hold any punctuation: judge the sentence around them.
  const prose = message
    .replace(/"[^"]*"/g, '"x"')
    .replace(/'[^']*'/g, "'x'")
    .replace(/<[^<>]*>/g, '<x>')
    .replace(/`[^`]*`/g, '`x`');
  if (!/[.?]$/.test(prose)) problems.push('does not end a sentence with "." or "?"');
  if (/[.!?][)"']?\s+\S/.test(prose)) problems.push('is more than one sentence');
  if (/\be\.g\.|\bi\.e\./.test(prose)) problems.push('abbreviates with "e.g."/"i.e." (reads as a sentence break)');
  if (/="…"/.test(message)) problems.push('leaves a key unfilled (="…")');
  return problems;
}
