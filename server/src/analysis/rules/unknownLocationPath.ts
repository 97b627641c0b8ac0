/**
 * `unknown-location-path`: a `<location path>` that cannot match anything.
 * - In applicationHost.config with a <sites> section: the first segment must
 *   name a defined site (compared case-insensitively, as IIS does).
 * - In a web.config: the path is relative to the file's folder; .NET's
 *   configuration system rejects paths that start or end with '/', '\' or '.'
 *   (other than "." itself) or carry surrounding spaces.
 */
import type { Rule, RuleContext } from './rule';
import type { LocationInfo } from '../../hierarchy/configFile';
import type { CodeAction, Diagnostic } from '../types';
import { SitesModel, splitLocationPath } from '../../hierarchy/levels';
import { closestMatches, trimChars } from '../../util/strings';
import { encodeAttributeValue } from '../../syntax/xml';
import { shown } from '../messages';
import { factsAt, serverView, targetPath } from '../serverView';
import { runtimeVersion } from '../../model';

interface Data {
  readonly suggestions?: readonly { readonly title: string; readonly value: string }[];
  readonly valueStart: number;
  readonly valueEnd: number;
}

/**
 * Site names and the closest ones to a name, computed once per sites model (a hosting server has thousands); a new
 * model with the same names (an edit inside a site) takes over the previous one's suggestions.
 */
const suggestionCache = new WeakMap<SitesModel, { readonly names: string[]; readonly close: Map<string, string[]> }>();
let lastSuggestions: { readonly names: string[]; readonly close: Map<string, string[]> } | undefined;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function siteSuggestions(sites: SitesModel, site: string): { names: readonly string[]; close: readonly string[] } {
  let c = suggestionCache.get(sites);
  if (!c) {
    const names = sites.sites.map((s) => s.name).filter((n) => n);
    c = lastSuggestions && sameNames(lastSuggestions.names, names) ? lastSuggestions : { names, close: new Map() };
    suggestionCache.set(sites, (lastSuggestions = c));
  }
  let close = c.close.get(site);
  if (!close) c.close.set(site, (close = closestMatches(site, c.names)));
  return { names: c.names, close };
}

export const unknownLocationPathRule: Rule = {
  id: 'unknown-location-path',
  codes: ['unknown-location-path'],
  checkLocation(loc: LocationInfo, ctx: RuleContext) {
    {
      const attr = loc.pathAttribute;
      if (!attr) return;
      const path = attr.value;
      const start = attr.valueEnd > attr.valueStart ? attr.valueStart : attr.nameStart;
      const end = attr.valueEnd > attr.valueStart ? attr.valueEnd : attr.nameEnd;
      if (ctx.file.kind === 'applicationHost') {
        if (!loc.level.unknownSite || !ctx.file.sites) return;
        const split = splitLocationPath(path)!;
        const { names, close } = siteSuggestions(ctx.file.sites, split.site);
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
        const trimmed = trimChars(path.trim(), '/\\').replace(/^\.\//, '');
        const valid = trimmed !== '' && !/^[/\\.]|[/\\.]$/.test(trimmed);
        const data: Data = { suggestions: valid ? [{ title: `Change to "${trimmed}"`, value: trimmed }] : [], valueStart: attr.valueStart, valueEnd: attr.valueEnd };
        // An error where ASP.NET reads the file (its pool loads the CLR, as the server model says); otherwise a warning.
        const view = serverView(ctx);
        const pool = factsAt(view, targetPath(view, undefined))?.pool;
        const aspNetReads = !!pool && runtimeVersion(pool) !== '';
        ctx.report({
          code: 'unknown-location-path', start, end, data, ...(aspNetReads ? { severity: 'error' as const } : {}),
          message: `A location path in a web.config may not start or end with '/', '\\', '.' or a space${valid ? `; write "${shown(trimmed, 60)}"` : ''}.`,
          detail: "A <location path> in a web.config is relative to the file's folder; .NET's configuration system rejects a path that starts or ends with a slash, a backslash, a dot or a space."
            + (aspNetReads ? ` ASP.NET reads this file (application pool "${pool!.name}" loads the CLR), so the whole application fails.` : ''),
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
