/**
 * `httperrors-absolute-path`: in a web.config, an httpErrors `<error>` whose
 * file (responseMode="File", the default) or prefixLanguageFilePath is an
 * absolute path (a drive, a UNC share, or a %VARIABLE% that expands to one,
 * like the stock %SystemDrive%\inetpub\custerr). IIS answers 500.19
 * ("Absolute physical path … is not allowed") unless applicationHost.config
 * sets allowAbsolutePathsWhenDelegated="true" (false by default, and locked in
 * the stock file).
 *
 * With a real applicationHost.config in effect the verdict is known (error);
 * otherwise it rests on the default and is a warning that says so.
 * Facts: RUNTIME_FAILURES.httpErrorsAbsolutePath.
 */
import type { Rule, RuleContext } from './rule';
import type { SectionInstance } from '../../hierarchy/configFile';
import { XmlAttribute, childElements, getAttribute } from '../../syntax/xml';
import { attributeInEffect, serverView } from '../serverView';
import { assumptionNote } from '../inheritance';

const SECTION = 'system.webServer/httpErrors';

export function isAbsolutePath(value: string): boolean {
  const v = value.trim();
  return /^[a-zA-Z]:[\\/]/.test(v) || v.startsWith('\\\\') || /^%[^%]+%[\\/]?/.test(v);
}

function checkInstance(section: SectionInstance, ctx: RuleContext): void {
  if (getAttribute(section.element, 'configSource')) return;
  const view = serverView(ctx);
  const allowed = attributeInEffect(view, SECTION, 'allowAbsolutePathsWhenDelegated', section);
  if (allowed?.value.trim().toLowerCase() === 'true') return;
  const known = !!view.hierarchy && !view.assumed;
  const defaultMode = getAttribute(section.element, 'defaultResponseMode')?.value ?? 'File';
  const flagged: XmlAttribute[] = [];
  for (const e of childElements(section.element)) {
    if (e.name !== 'error') continue;
    const mode = (getAttribute(e, 'responseMode')?.value ?? defaultMode).trim().toLowerCase();
    const prefix = getAttribute(e, 'prefixLanguageFilePath');
    if (prefix && prefix.value.trim() && isAbsolutePath(prefix.value)) flagged.push(prefix);
    const path = getAttribute(e, 'path');
    if (mode === 'file' && path && isAbsolutePath(path.value) && !(prefix && prefix.value.trim())) flagged.push(path);
  }
  for (const a of flagged) {
    ctx.report({
      code: 'httperrors-absolute-path', start: a.valueStart, end: a.valueEnd, ...(known ? {} : { severity: 'warning' as const }),
      message: `This ${a.name} is an absolute path, which httpErrors in a web.config may not use${known ? ' on this server' : ' (assuming default IIS 10 settings)'}.`,
      detail: `IIS answers 500.19 ("Absolute physical path … is not allowed in system.webServer/httpErrors section in web.config file") unless applicationHost.config sets allowAbsolutePathsWhenDelegated="true", which is false by default and locked in the stock file. Use a path inside the application, or responseMode="ExecuteURL" with a URL.${known ? '' : ` ${assumptionNote(view.hierarchy)}`}`,
    });
  }
}

export const httpErrorsPathRule: Rule = {
  id: 'httperrors-absolute-path',
  codes: ['httperrors-absolute-path'],
  // Per section, with allowAbsolutePathsWhenDelegated in effect (the fixed files above, and this file's httpErrors).
  dependsOn: (file) => (file.kind === 'web' ? [SECTION] : []),
  checkSection(section, ctx) {
    if (ctx.file.kind === 'web' && section.path === SECTION) checkInstance(section, ctx);
  },
};
