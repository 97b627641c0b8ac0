/**
 * The configuration hierarchy in the language server: for each web.config it
 * analyses, which applicationHost.config is in effect (setting
 * `iisConfig.applicationHostPath`, Visual Studio's IIS Express `.vs` folder,
 * one found in the workspace, the machine's on Windows, else the built-in
 * default IIS 10 model), the file's level, and its parent web.config files,
 * read through the platform's file access (the disk on the desktop, the
 * client's copy of the workspace in the browser), open documents first.
 *
 * - Tells the client which applicationHost.config is in effect and why
 *   (`iisConfig/status` notification, shown in the status bar).
 * - Re-validates open documents when a file of their hierarchy changes in an
 *   editor or outside it (the platform's watcher: LSP file watching on the
 *   desktop, the files the client sends in the browser).
 * - Commands: `iisConfig.server.listSections` ({ uri, position? } → the
 *   sections of the file's hierarchy and the one at the position) and
 *   `iisConfig.server.effectiveConfiguration` ({ uri, section, showSecrets? }
 *   → the merged section with the file and line of every setting; passwords,
 *   keys and connection-string passwords masked unless showSecrets is true).
 */
import type { InitializeParams } from 'vscode-languageserver';
import type { ServerContext, ServerFeature, Settings } from './feature';
import { LineIndex } from '../syntax/lineIndex';
import { elementAt } from '../syntax/xml';
import { baseName } from '../hierarchy/configFile';
import { AppHostSource, ConfigHierarchy, HierarchyOptions, HierarchyReader, ParseCache, buildHierarchy, buildPathHierarchy, normalizePath, rootOf, workspaceRootOf } from '../hierarchy/hierarchy';
import { hierarchyContext } from '../analysis/inheritance';
import { effectiveConfiguration, sectionsInChain } from '../analysis/effectiveView';
import { layeredReader, scanFolders, type WorkspaceScan } from '../hierarchy/readers';
import type { Platform } from './platform';
import { ServerProfile, parseServerProfile, profileInfo } from '../iis/serverProfiles';
import { matchesGlob } from '../util/glob';
import { trimEndChars } from '../util/strings';

export const STATUS_NOTIFICATION = 'iisConfig/status';
export const LIST_SECTIONS_COMMAND = 'iisConfig.server.listSections';
export const EFFECTIVE_COMMAND = 'iisConfig.server.effectiveConfiguration';

/** What `iisConfig/status` carries for one document. */
export interface HierarchyStatus {
  readonly uri: string;
  /** The applicationHost.config in effect; null for the built-in default model. */
  readonly applicationHost: string | null;
  /** Why it was chosen; 'self' when the document is an applicationHost.config; 'alone' when it is checked without a hierarchy. */
  readonly source: AppHostSource | 'self' | 'alone';
  readonly reason: string;
  /** The document's configuration path and level, in words. */
  readonly level: string;
  readonly warning?: string;
  /** With no applicationHost.config found: the server profile assumed (iisConfig.serverProfile) and its name. */
  readonly profile?: ServerProfile;
  readonly profileLabel?: string;
}

export interface EffectiveResult {
  readonly title: string;
  readonly content: string;
}

function isAppHostName(p: string): boolean { return baseName(p).toLowerCase() === 'applicationhost.config'; }
function isWebConfigName(p: string): boolean { return baseName(p).toLowerCase() === 'web.config'; }

/** The setting's path: `${workspaceFolder}` replaced, `~` expanded, relative paths taken from the workspace folder. */
export function resolveSettingPath(value: string, workspaceFolder: string | undefined, homeDir?: string): string {
  let p = value.trim().replace(/\$\{workspaceFolder\}/g, workspaceFolder ?? '.');
  if (homeDir !== undefined && (p === '~' || p.startsWith('~/') || p.startsWith('~\\'))) p = homeDir + p.slice(1);
  const absolute = /^([a-zA-Z]:[\\/]|[\\/])/.test(p);
  return absolute || !workspaceFolder ? p : `${trimEndChars(workspaceFolder, '\\/')}/${p}`;
}

/** The hierarchy feature, with what other features need to read a file's hierarchy the same way. */
export interface HierarchyFeature extends ServerFeature {
  optionsFor(file: string, settings: Settings): HierarchyOptions;
  readRelatedFile(path: string): string | undefined;
}

export function createHierarchyFeature(): HierarchyFeature {
  let ctx: ServerContext | undefined;
  let platform: Platform | undefined;
  let roots: string[] = [];
  let scan: WorkspaceScan | undefined;
  const diskCache = new Map<string, string | undefined>();
  const parseCache: ParseCache = new Map();
  /** Files of the hierarchy → the documents whose hierarchy uses them. */
  const dependents = new Map<string, Set<string>>();
  const lastStatus = new Map<string, string>();
  const lineIndexes = new Map<string, { readonly text: string; readonly index: LineIndex }>();
  let revalidateTimer: ReturnType<typeof setTimeout> | undefined;

  /** The file name of a document URI (undefined for URIs the platform cannot read). */
  const toPath = (uri: string): string | undefined => platform?.files.fileName(uri);
  /** Paths compare case-insensitively on Windows (URIs from the client may spell the drive letter differently). */
  const key = (p: string) => platform?.files.key(p) ?? p;
  const openText = (file: string): string | undefined => {
    if (!ctx) return undefined;
    const wanted = key(file);
    for (const doc of ctx.documents.all()) {
      const p = toPath(doc.uri);
      if (p && key(p) === wanted) return doc.getText();
    }
    return undefined;
  };
  const noFiles = { readFile: () => undefined, listDirectory: () => undefined };
  const reader = layeredReader({
    readFile: (f) => (platform?.files.reader ?? noFiles).readFile(f),
    listDirectory: (d) => (platform?.files.reader ?? noFiles).listDirectory(d),
    // Symbolic links resolved where the platform has them (the disk); elsewhere only `..` collapsed.
    realPath: (p) => { const r = platform?.files.reader; return r?.realPath ? r.realPath(p) : normalizePath(p); },
  }, { overlay: openText, cache: diskCache });
  const workspace = (): WorkspaceScan => (scan ??= scanFolders(reader, roots));

  /** Files whose change the dependent documents have not been re-validated for yet ('*': every document). */
  const pending = new Set<string>();
  /**
   * Re-validate, a moment after the last change, the documents whose hierarchy uses the changed files (never the
   * edited file itself: its own analysis follows its edits), or every document when the set of files changed.
   */
  const revalidateSoon = (file?: string) => {
    pending.add(file === undefined ? '*' : key(file));
    if (revalidateTimer) clearTimeout(revalidateTimer);
    revalidateTimer = setTimeout(() => {
      revalidateTimer = undefined;
      const files = [...pending];
      pending.clear();
      if (files.includes('*')) { ctx?.revalidateAll(); return; }
      const uris = new Set<string>();
      for (const f of files) for (const uri of dependents.get(f) ?? []) if (toPath(uri) === undefined || key(toPath(uri)!) !== f) uris.add(uri);
      ctx?.revalidate(uris);
    }, 150);
  };

  const sendStatus = (status: HierarchyStatus) => {
    const key = JSON.stringify(status);
    if (lastStatus.get(status.uri) === key) return;
    lastStatus.set(status.uri, key);
    void ctx?.connection.sendNotification(STATUS_NOTIFICATION, status);
  };

  /** How the hierarchy of a file is read: the workspace, the reader (open documents first), the setting's applicationHost.config. */
  const optionsFor = (file: string, settings: Settings): HierarchyOptions => {
    const root = rootOf(file, roots);
    const configured = typeof settings.raw.applicationHostPath === 'string' && settings.raw.applicationHostPath.trim()
      ? resolveSettingPath(settings.raw.applicationHostPath, root ?? roots[0], platform?.machine.homeDir()) : undefined;
    const w = workspace();
    const profile = parseServerProfile(settings.raw.serverProfile);
    return {
      fileName: file, workspaceRoots: roots, reader, cache: parseCache,
      workspaceAppHosts: w.appHosts, webConfigFolders: w.webConfigFolders, machineAppHost: platform?.machine.appHostPath(),
      ...(configured ? { explicit: { path: configured, source: 'setting' as const } } : {}),
      ...(profile ? { profile } : {}),
    };
  };
  /** Bumped when files appear or vanish: every folder listing a hierarchy was built from may have changed. */
  let structure = 0;
  /**
   * The hierarchy built for each web.config, with what it was built from: the options, and every file it read (the
   * text) and folder it listed. It is the same object while each of those reads would give the same answer, so an
   * edit of the web.config itself finds the analysis context unchanged and is analysed incrementally.
   */
  const built = new Map<string, {
    readonly options: string; readonly structure: number; readonly reads: ReadonlyArray<readonly [string, string | undefined]>;
    readonly reals: ReadonlyArray<readonly [string, string | undefined]>; readonly h: ConfigHierarchy;
  }>();
  const hierarchyFor = (file: string, settings: Settings): ConfigHierarchy => {
    const options = optionsFor(file, settings);
    const signature = JSON.stringify([options.explicit ?? null, options.profile ?? null, options.workspaceRoots, options.machineAppHost ?? null, options.workspaceAppHosts ?? null, options.webConfigFolders ?? null]);
    const k = key(file);
    const b = built.get(k);
    if (b && b.options === signature && b.structure === structure && b.reads.every(([p, text]) => reader.readFile(p) === text)
      && b.reals.every(([p, real]) => reader.realPath?.(p) === real)) return b.h;
    const reads: Array<readonly [string, string | undefined]> = [];
    // Real paths decide what is in the workspace (a symbolic link retargeted changes the verdict): recorded too.
    const reals: Array<readonly [string, string | undefined]> = [];
    let recording = true;
    const recorder: HierarchyReader = {
      readFile: (p) => { const text = reader.readFile(p); if (recording) reads.push([p, text]); return text; },
      listDirectory: (d) => reader.listDirectory(d),
      realPath: (p) => { const real = reader.realPath?.(p); if (recording) reals.push([p, real]); return real; },
    };
    const h = buildHierarchy({ ...options, reader: recorder });
    recording = false; // what the hierarchy reads later (peer files, on demand) is read as it is then
    built.set(k, { options: signature, structure, reads, reals, h });
    return h;
  };
  /** Files a document names (configSource targets): inside the workspace only. */
  const readRelatedFile = (p: string): string | undefined => (workspaceRootOf(p, roots, reader) ? reader.readFile(p) : undefined);

  /** What the setting iisConfig.fileAssociations says a file is (`{ "web.*.config": "web.config" }`), if anything. */
  const associationOf = (file: string, settings: Settings): 'web.config' | 'applicationHost.config' | undefined => {
    const map = settings.raw.fileAssociations;
    if (!map || typeof map !== 'object') return undefined;
    const root = rootOf(file, roots);
    for (const [pattern, kind] of Object.entries(map as Record<string, unknown>)) {
      const k = typeof kind === 'string' ? kind.toLowerCase() : '';
      if ((k === 'web.config' || k === 'applicationhost.config') && matchesGlob(pattern, file, root)) return k === 'web.config' ? 'web.config' : 'applicationHost.config';
    }
    return undefined;
  };

  const onFileChanged = (file: string, structural: boolean) => {
    for (const k of [...diskCache.keys()]) if (key(k) === key(file)) diskCache.delete(k);
    // A file created or deleted may change which applicationHost.config or parents a document has: all of them.
    if (structural) revalidateSoon();
    else if (dependents.has(key(file))) revalidateSoon(file);
  };

  return {
    name: 'hierarchy',
    optionsFor,
    readRelatedFile,
    capabilities(params: InitializeParams) {
      const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      roots = folders.map((u) => toPath(u)).filter((p): p is string => !!p);
      if (!roots.length && params.rootPath) roots = [params.rootPath];
      return { executeCommandProvider: { commands: [LIST_SECTIONS_COMMAND, EFFECTIVE_COMMAND] } };
    },
    register(c) {
      ctx = c;
      platform = c.platform;
      // Edits in an editor change the hierarchy of the other open documents too.
      c.documents.onDidChangeContent((e) => { const f = toPath(e.document.uri); if (f && dependents.has(key(f))) revalidateSoon(f); });
      c.documents.onDidClose((e) => { const f = toPath(e.document.uri); lastStatus.delete(e.document.uri); if (f) built.delete(key(f)); if (f && dependents.has(key(f))) revalidateSoon(f); });

      c.connection.onExecuteCommand(async (params) => {
        if (params.command !== LIST_SECTIONS_COMMAND && params.command !== EFFECTIVE_COMMAND) return undefined;
        const args = (params.arguments?.[0] ?? {}) as { uri?: unknown; section?: unknown; position?: { line: number; character: number }; showSecrets?: unknown };
        if (typeof args.uri !== 'string') return { error: `${params.command} expects { uri }` };
        try {
          const cached = await c.current(args.uri);
          const file = toPath(args.uri);
          if (!cached || !file) return { error: 'Open an IIS configuration file (web.config or applicationHost.config) first.' };
          const settings = await c.getSettings(args.uri);
          const a = cached.analysis;
          const h = a.context.hierarchy ?? (a.file.kind === 'applicationHost'
            ? buildPathHierarchy([], { fileName: file, workspaceRoots: roots, reader, cache: parseCache, explicit: { path: file, source: 'setting' } })
            : hierarchyFor(file, settings));
          const current = a.context.hierarchy ? { fileName: a.context.fileName, text: a.text, file: a.file } : undefined;
          if (params.command === LIST_SECTIONS_COMMAND) {
            let atCursor: string | undefined;
            if (args.position) {
              const offset = cached.index.offsetAt(args.position);
              for (let el = elementAt(a.doc, offset); el && !atCursor; el = el.parent) atCursor = a.file.sections.find((s) => s.element === el)?.path;
            }
            return { sections: sectionsInChain(h, current), ...(atCursor ? { atCursor } : {}) };
          }
          if (typeof args.section !== 'string' || !args.section) return { error: `${EFFECTIVE_COMMAND} expects { uri, section }` };
          // Secrets are masked unless the request asks for them explicitly (showSecrets: true).
          const view = effectiveConfiguration(h, args.section, a.schema, current, { showSecrets: args.showSecrets === true });
          const at = view.configPath || 'server level';
          return { title: `${args.section} at ${at}`, content: view.text } satisfies EffectiveResult;
        } catch (error) {
          c.logFailure(params.command, error);
          return { error: 'Computing the effective configuration failed; see the IIS Config output.' };
        }
      });
    },
    filesChanged(changes) {
      for (const change of changes) {
        if (!(isAppHostName(change.file) || isWebConfigName(change.file))) continue;
        if (change.type !== 'changed') { scan = undefined; structure++; }
        onFileChanged(change.file, change.type !== 'changed');
      }
    },
    relatedFile(file: string) {
      const text = reader.readFile(file);
      if (text === undefined || !platform) return undefined;
      // One line index per file text (a large applicationHost.config is named by many diagnostics' related information).
      let cached = lineIndexes.get(file);
      if (!cached || cached.text !== text) lineIndexes.set(file, (cached = { text, index: new LineIndex(text) }));
      return { uri: platform.files.uri(file), index: cached.index };
    },
    analysisContext(uri: string, settings: Settings) {
      const file = toPath(uri);
      if (!file) return {};
      const as = associationOf(file, settings) ?? (isAppHostName(file) ? 'applicationHost.config' : isWebConfigName(file) ? 'web.config' : undefined);
      if (as === 'applicationHost.config') {
        sendStatus({ uri, applicationHost: file, source: 'self', reason: 'this file is an applicationHost.config', level: 'server level' });
        return { kind: 'applicationHost', readRelatedFile };
      }
      if (as !== 'web.config') {
        sendStatus({
          uri, applicationHost: null, source: 'alone', level: 'not known',
          reason: 'not named web.config, so it is checked without its configuration hierarchy; say what it is with the setting iisConfig.fileAssociations',
        });
        return { readRelatedFile };
      }
      const h = hierarchyFor(file, settings);
      for (const f of [h.appHost, ...h.parents]) {
        if (f.builtIn) continue;
        let set = dependents.get(key(f.fileName));
        if (!set) dependents.set(key(f.fileName), (set = new Set()));
        set.add(uri);
      }
      sendStatus({
        uri, applicationHost: h.choice.path ?? null, source: h.choice.source, reason: h.choice.reason,
        level: `${h.configPath.join('/')}: ${h.levelReason}`, ...(h.choice.warning ? { warning: h.choice.warning } : {}),
        ...(h.choice.profile ? { profile: h.choice.profile, profileLabel: profileInfo(h.choice.profile).label } : {}),
      });
      return { kind: 'web', ...hierarchyContext(h), readRelatedFile };
    },
  };
}

