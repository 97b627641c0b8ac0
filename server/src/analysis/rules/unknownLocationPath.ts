/**
 * `unknown-location-path`: a `<location path>` that cannot match anything.
 * - In applicationHost.config with a <sites> section: the first segment must
 *   name a defined site (compared case-insensitively, as IIS does).
 * - In a web.config: the path is relative to the file's folder; .NET's
 *   configuration system rejects paths that start or end with '/', '\' or '.'
 *   (other than "." itself) or carry surrounding spaces.
 */
import type { Rule } from './rule';
import type { CodeAction, Diagnostic } from '../types';
import { splitLocationPath } from '../../hierarchy/levels';
import { closestMatches } from '../../util/strings';
import { encodeAttributeValue } from '../../syntax/xml';
import { shown } from '../messages';

interface Data {
  readonly suggestions?: readonly { readonly title: string; readonly value: string }[];
  readonly valueStart: number;
  readonly valueEnd: number;
}

export const unknownLocationPathRule: Rule = {
  id: 'unknown-location-path',
  codes: ['unknown-location-path'],
  check(ctx) {
    let siteNames: string[] | undefined; // computed once, not per location
    for (const loc of ctx.file.locations) {
      const attr = loc.pathAttribute;
      if (!attr) continue;
      const path = attr.value;
      const start = attr.valueEnd > attr.valueStart ? attr.valueStart : attr.nameStart;
      const end = attr.valueEnd > attr.valueStart ? attr.valueEnd : attr.nameEnd;
      if (ctx.file.kind === 'applicationHost') {
        if (!loc.level.unknownSite || !ctx.file.sites) continue;
        const split = splitLocationPath(path)!;
        const names = siteNames ??= ctx.file.sites.sites.map((s) => s.name).filter((n) => n);
        const close = closestMatches(split.site, names);
        const rest = path.replace(/\\/g, '/').replace(/^\/+/, '').slice(split.site.length);
        const suggestions = close.map((n) => ({ title: `Change to "${n}${rest}"`, value: n + rest }));
        const defined = names.length ? ` Defined sites: ${names.slice(0, 5).map((n) => `"${n}"`).join(', ')}${names.length > 5 ? ', …' : ''}.` : '';
        const data: Data = { suggestions, valueStart: attr.valueStart, valueEnd: attr.valueEnd };
        ctx.report({
          code: 'unknown-location-path', start, end, data,
          message: `No site named "${shown(split.site)}" is defined, so this <location> applies to nothing${close.length ? `; did you mean "${shown(close[0])}"?` : '.'}`,
          detail: `The first segment of a <location path> in applicationHost.config names a site of <sites> (compared case-insensitively).${defined}`,
        });
      } else if (path !== '.' && path !== '' && (/^[\s/\\.]/.test(path) || /[\s/\\.]$/.test(path))) {
        const trimmed = path.trim().replace(/^[/\\]+|[/\\]+$/g, '').replace(/^\.\//, '');
        const valid = trimmed !== '' && !/^[/\\.]|[/\\.]$/.test(trimmed);
        const data: Data = { suggestions: valid ? [{ title: `Change to "${trimmed}"`, value: trimmed }] : [], valueStart: attr.valueStart, valueEnd: attr.valueEnd };
        ctx.report({
          code: 'unknown-location-path', start, end, data,
          message: `A location path in a web.config may not start or end with '/', '\\', '.' or a space${valid ? `; write "${shown(trimmed, 60)}"` : ''}.`,
          detail: "A <location path> in a web.config is relative to the file's folder; .NET's configuration system rejects a path that starts or ends with a slash, a backslash, a dot or a space.",
        });
      }
    }
  },
  fixes(diagnostic: Diagnostic): CodeAction[] {
    const data = diagnostic.data as Data | undefined;
    if (!data?.suggestions) return [];
    return data.suggestions.map((s, i) => ({
      title: s.title, kind: 'quickfix' as const, diagnostic, isPreferred: i === 0,
      edits: [{ start: data.valueStart, end: data.valueEnd, newText: encodeAttributeValue(s.value) }],
    }));
  },
};
