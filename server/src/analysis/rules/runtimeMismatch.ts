/**
 * `pool-runtime-mismatch`: a .NET 4 setting (compilation/@targetFramework,
 * httpRuntime/@targetFramework, …) in an application whose pool loads CLR
 * v2.0: ASP.NET 2.0 reads the web.config and rejects the attribute
 * ("Unrecognized attribute 'targetFramework'") for the whole application.
 * Needs the application's pool (server model); silent otherwise.
 *
 * Facts: DOTNET4_ATTRIBUTES, RUNTIME_FAILURES.targetFrameworkV2.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { getAttribute } from '../../syntax/xml';
import { DOTNET4_ATTRIBUTES } from '../../iis/serverFacts';
import { runtimeVersion } from '../../model';
import { factsAt, relatedIn, serverView, targetPath } from '../serverView';
import { shown } from '../../util/strings';

function checkAttributes(section: SectionInstance, ctx: RuleContext): void {
  const attrs = DOTNET4_ATTRIBUTES.filter((d) => d.section === section.path).map((d) => getAttribute(section.element, d.attribute)).filter((a) => a !== undefined);
  if (!attrs.length) return;
  const view = serverView(ctx);
  const facts = factsAt(view, targetPath(view, section));
  const pool = facts?.pool;
  if (!pool || runtimeVersion(pool).toLowerCase() !== 'v2.0') return;
  const related = pool.managedRuntimeVersion.attribute
    ? relatedIn(view.chain[0], pool.managedRuntimeVersion.attribute.start, pool.managedRuntimeVersion.attribute.end, `application pool "${pool.name}" loads CLR v2.0`)
    : undefined;
  for (const a of attrs) {
    ctx.report({
      code: 'pool-runtime-mismatch', start: a.nameStart, end: a.nameEnd, related: related ? [related] : [],
      message: `${a.name} is a .NET 4 attribute, but application pool "${shown(pool.name)}" runs CLR v2.0, which rejects it.`,
      detail: `ASP.NET 2.0 reads this web.config and answers "Unrecognized attribute '${a.name}'" for the whole application. Set the pool's managedRuntimeVersion to "v4.0", or remove the attribute.`,
    });
  }
}

export const runtimeMismatchRule: Rule = {
  id: 'pool-runtime-mismatch',
  codes: ['pool-runtime-mismatch'],
  // Per section: in a web.config the pool comes from the hierarchy's applicationHost.config, a fixed fact.
  checkSection(section, ctx) {
    if (ctx.file.kind !== 'web') return;
    if (section.path === 'system.web/compilation' || section.path === 'system.web/httpRuntime') checkAttributes(section, ctx);
  },
};
