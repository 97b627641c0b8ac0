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
import { shown } from '../../util/strings';

function folderOf(fileName: string): string | undefined {
  const i = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return i < 0 ? undefined : fileName.slice(0, i);
}

/** Why .NET rejects a configSource path before reading it, if it does. */
export function configSourcePathProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'configSource is empty; it names a file next to this one.';
  if (/^[a-zA-Z]:/.test(v) || v.startsWith('\\\\') || v.startsWith('/') || v.startsWith('\\')) return 'configSource must be a path relative to this file\'s folder, not an absolute one.';
  if (v.split(/[\\/]/).some((s) => s === '..')) return 'configSource may not leave this file\'s folder (..); keep the file in that folder or below it.';
  return undefined;
}

function checkConfigSource(section: SectionInstance, ctx: RuleContext): void {
  const a = getAttribute(section.element, 'configSource');
  if (!a) return;
  const range = a.valueEnd > a.valueStart ? { start: a.valueStart, end: a.valueEnd } : { start: a.nameStart, end: a.nameEnd };
  const problem = configSourcePathProblem(a.value);
  if (problem) {
    ctx.report({ code: 'config-source-invalid', ...range, message: problem, detail: '.NET and IIS read a configSource file from the configuration file\'s folder or below it, by relative path; any other path is rejected and the application fails with a configuration error.' });
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
      message: `The configSource file "${shown(a.value, 60)}" is not there; make sure the deployment brings it.`,
      detail: 'Without the file the application fails ("Unable to open configSource file"). Files with secrets (connection strings, app settings) are often deployed separately, so this is a warning: check that the deployment puts the file next to this one.',
    });
    return;
  }
  const root = parseXml(text).root;
  if (!root || root.name !== name) {
    ctx.report({
      code: 'config-source-invalid', ...range,
      message: `The configSource file "${shown(a.value, 50)}" ${root ? `has <${root.name}> as its root` : 'has no root element'}; it must be <${name}>.`,
      detail: `A configSource file holds the section itself: <${name}> as its only root element. Any other content is rejected and the application fails with a configuration error.`,
    });
  }
}

export const configSourceRule: Rule = {
  id: 'config-source',
  codes: ['config-source-missing', 'config-source-invalid'],
  // Per section: the section's own attribute and the file it names (read through the context).
  checkSection(section, ctx) {
    if (ctx.file.kind !== 'transform') checkConfigSource(section, ctx);
  },
};
