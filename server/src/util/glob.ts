/**
 * Glob patterns as VS Code's `files.associations` writes them: `*` matches any
 * characters but a path separator, `**` any number of folders, `?` one
 * character, `{a,b}` either. A pattern without a separator matches the file
 * name alone; one with a separator matches the path relative to the workspace
 * folder (or the whole path). Case-insensitive, with `\` and `/` both
 * separators (IIS's file system is case-insensitive).
 */
import { trimEndChars } from './strings';

const compiled = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // "**/" matches zero or more folders; a trailing "**" anything.
      if (pattern[i + 2] === '/' || pattern[i + 2] === '\\') { re += '(?:[^/]*/)*'; i += 2; } else { re += '.*'; i++; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += `(?:${pattern.slice(i + 1, end).split(',').map((p) => p.replace(/[.+^${}()|[\]\\*?]/g, '\\$&')).join('|')})`;
      i = end;
    } else if (c === '/' || c === '\\') re += '/';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Does `pattern` match the file (absolute `file`, optionally relative to the workspace folder `root`)? */
export function matchesGlob(pattern: string, file: string, root?: string): boolean {
  let re = compiled.get(pattern);
  if (!re) { re = toRegExp(pattern.trim()); compiled.set(pattern, re); }
  const norm = file.replace(/\\/g, '/');
  if (!/[\\/]/.test(pattern)) return re.test(norm.slice(norm.lastIndexOf('/') + 1));
  const r = (root === undefined ? undefined : trimEndChars(root.replace(/\\/g, '/'), '/'));
  if (r && norm.toLowerCase().startsWith(r.toLowerCase() + '/') && re.test(norm.slice(r.length + 1))) return true;
  return re.test(norm) || re.test(norm.replace(/^\/+/, ''));
}
