/**
 * `configSource`, as .NET and IIS read it: the section's content lives in
 * another file, given as a path relative to the configuration file's folder.
 *
 * - `config-source-invalid` (error): an absolute path, or one that leaves the
 *   folder ("..\\x.config"): rejected before the file is even opened; or a file
 *   whose root element is not the section's element (`<connectionStrings>` for
 *   connectionStrings).
 * - `config-source-missing` (warning): the file is not there. Secret files
 *   (connection strings, app settings) are often deployed separately, so this
 *   is a warning: make sure the deployment brings it.
 *
 * The file is read through the caller's `readRelatedFile` (the language server
 * reads inside the workspace only); without it, only the path is checked.
 * Facts: RUNTIME_FAILURES.configSourceMissing / configSourceInvalid.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { getAttribute, parseXml } from '../../syntax/xml';

function folderOf(fileName: string): string | undefined {
  const i = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return i < 0 ? undefined : fileName.slice(0, i);
}

/** Why .NET rejects a configSource path before reading it, if it does. */
export function configSourcePathProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'it is empty';
  if (/^[a-zA-Z]:/.test(v) || v.startsWith('\\\\') || v.startsWith('/') || v.startsWith('\\')) return 'it is an absolute path; configSource takes a path relative to the configuration file\'s folder';
  if (v.split(/[\\/]/).some((s) => s === '..')) return 'it leaves the configuration file\'s folder (..); the file must be in that folder or below it';
  return undefined;
}

function checkSection(section: SectionInstance, ctx: RuleContext): void {
  const a = getAttribute(section.element, 'configSource');
  if (!a) return;
  const range = a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.nameStart, end: a.nameEnd };
  const problem = configSourcePathProblem(a.value);
  if (problem) {
    ctx.report({ code: 'config-source-invalid', ...range, message: `configSource "${a.value}" is rejected: ${problem}. The application fails with a configuration error.` });
    return;
  }
  const read = ctx.context.readRelatedFile;
  const folder = folderOf(ctx.context.fileName);
  if (!read || !folder) return;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const path = folder + sep + a.value.trim().replace(/[\\/]+/g, sep);
  const text = read(path);
  const name = section.element.name;
  if (text === undefined) {
    ctx.report({
      code: 'config-source-missing', ...range,
      message: `The configSource file "${a.value}" is not there (looked for ${path}): without it the application fails ("Unable to open configSource file"). If it is deployed separately (secrets often are), make sure the deployment brings it.`,
    });
    return;
  }
  const root = parseXml(text).root;
  if (!root || root.name !== name) {
    ctx.report({
      code: 'config-source-invalid', ...range,
      message: `The configSource file "${a.value}" ${root ? `has <${root.name}> as its root element` : 'has no root element'}, but it must hold the section itself: <${name}> as its only root element. The application fails with a configuration error.`,
    });
  }
}

export const configSourceRule: Rule = {
  id: 'config-source',
  codes: ['config-source-missing', 'config-source-invalid'],
  check(ctx) {
    if (ctx.file.kind === 'transform') return;
    for (const s of ctx.file.sections) checkSection(s, ctx);
  },
};
