/**
 * The words of the status bar item (client/src/hierarchy.ts), from the
 * server's `iisConfig/status` notification: which applicationHost.config the
 * active file runs under and why, or — when none was found — the server
 * profile assumed (iisConfig.serverProfile), or that the file is checked
 * without its hierarchy. No `vscode` import, so it is tested on node.
 */
export interface Status {
  uri: string; applicationHost: string | null; source: string; reason: string; level: string; warning?: string; profile?: string; profileLabel?: string;
}

const SOURCE_LABEL: Record<string, string> = {
  setting: 'setting', cli: '--app-host', iisExpress: 'IIS Express', workspace: 'workspace', machine: 'this machine', default: 'assumed', self: 'this file', alone: 'no hierarchy',
};

/** "$(server-environment) IIS: applicationHost.config (workspace)", "… IIS: Azure App Service (assumed)", "… IIS: checked alone". */
export function statusBarText(s: Status): string {
  const file = s.applicationHost ? s.applicationHost.split(/[\\/]/).slice(-1)[0] : s.source === 'alone' ? 'checked alone' : s.profileLabel ?? 'IIS 10';
  return `${s.warning ? '$(warning)' : '$(server-environment)'} IIS: ${file}${s.source === 'alone' ? '' : ` (${SOURCE_LABEL[s.source] ?? s.source})`}`;
}

/** The first line of the tooltip (Markdown): the applicationHost.config in effect, or what is assumed instead. */
export function statusTooltipHead(s: Status): string {
  if (s.applicationHost) return `**applicationHost.config:** \`${s.applicationHost}\``;
  if (s.source === 'alone') return '**applicationHost.config:** none: this file is checked without its hierarchy';
  return `**applicationHost.config:** none found — ${s.profileLabel ?? 'IIS 10'} defaults are assumed (setting \`iisConfig.serverProfile\`)`;
}
