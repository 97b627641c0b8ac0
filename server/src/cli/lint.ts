/**
 * iis-config-lint: the analysis engine for CI pipelines.
 *
 *   iis-config-lint [--format text|json|sarif] [--app-host FILE] [--server PROFILE] [--as KIND] PATH...
 *   iis-config-lint [--app-host FILE] [--server PROFILE] [--show-secrets] --effective PATH SECTION
 *   iis-config-lint [--format text|json] [--app-host FILE] [--server PROFILE] [--verb VERB] --explain REQUEST [FILES...]
 *   iis-config-lint --rewrite-test URL [--app-host FILE] [--format json] [--exists P] [--missing P] PATH...
 *
 * PATHs are files or folders; folders are searched for web.config and
 * applicationHost.config files (any case), skipping node_modules, .git, bin
 * and obj. Exit status: 0 no errors, 1 at least one error, 2 bad usage or
 * unreadable input.
 */
import { VERSION } from '../version';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../analysis/analyze';
import type { AnalysisContext, Diagnostic } from '../analysis/types';
import { LineIndex } from '../syntax/lineIndex';
import { readTextFile } from '../node/readText';
import { toLspDiagnostic } from '../lsp/convert';
import { pathToFileURL } from 'url';
import { toSarif, SarifFileResult } from './sarif';
import { MB } from '../analysis/limits';
import { describeError } from '../util/errors';
import { FileAs, createCliHierarchy, effectiveText, explainCli } from './hierarchy';
import { SERVER_PROFILES, ServerProfile, parseServerProfile } from '../iis/serverProfiles';
import { runRewriteTestCli } from './rewriteTest';

/** Reported in SARIF output; kept equal to package.json's version by test/unit/cli.test.ts. */
export const CLI_VERSION = VERSION;

const USAGE = `Usage: iis-config-lint [--format text|json|sarif] [--app-host FILE] [--server PROFILE] [--as KIND] PATH...
       iis-config-lint [--app-host FILE] [--server PROFILE] [--show-secrets] --effective PATH SECTION
       iis-config-lint [--format text|json] [--app-host FILE] [--server PROFILE] [--verb VERB] --explain REQUEST [FILES...]
       iis-config-lint --rewrite-test URL [--app-host FILE] [--format text|json]
                       [--exists P] [--missing P] [--server-variable NAME=VALUE] PATH...

Checks IIS configuration files (applicationHost.config, web.config).
PATH may be a file or a folder; folders are searched for web.config and
applicationHost.config (skipping node_modules, .git, bin, obj).

Options:
  --format text|json|sarif
                       Output format (default: text); sarif: SARIF 2.1.0 for
                       code-scanning dashboards.
  --app-host FILE      The applicationHost.config that web.config files run under
                       (its sites and section declarations are used). Without
                       it: one found in the file's workspace (its repository, else
                       PATH) whose sites map the file's folder, Visual Studio's
                       .vs/<solution>/config/applicationhost.config in that
                       workspace (never above it), the machine's (Windows), else
                       the --server profile's defaults.
  --server iis10|iis85|iis-express|azure-app-service
                       The server the files run on when no applicationHost.config
                       is found (default iis10: today's IIS 10). Findings that
                       rest on it say so.
  --as web.config|applicationHost.config
                       Check every file given as this kind, whatever its name
                       (web.vsts.config, release.config, *.template.config), with
                       its hierarchy. Without it, only files named web.config get
                       their hierarchy; others are checked alone (and say so).
  --effective PATH SECTION
                       Print SECTION (e.g. system.webServer/staticContent) as
                       IIS merges it for PATH — a configuration path such as
                       "Default Web Site/app", or a web.config file — with the
                       file and line every setting comes from. Passwords, keys
                       and the password parts of connection strings are masked
                       (********; [enc:…:enc] values are shown as written), and
                       the header says so.
  --show-secrets       With --effective: print secret values as written.
  --explain REQUEST    Explain what the server does for REQUEST — "Site/app/page.aspx",
                       or a URL such as http://shop.example.com/api/orders —
                       from the files under FILES (default: the current folder):
                       site and bindings, application and pool, authentication,
                       the handler for the file name and verb, the modules, and
                       the findings that apply, each with its file and line.
  --verb VERB          The request's verb for --explain (default GET).
  --rewrite-test URL   Run URL through the URL Rewrite rules of the site whose
                       root folder (or root web.config) is PATH, and print each
                       rule's verdict, conditions and the outcome; redirects are
                       followed (up to 10) and loops reported. The applicationHost
                       .config in effect supplies global rules and, through its
                       bindings, the site for the URL's host.
  --exists P, --missing P
                       State that the URL path (or physical path) P is a file (a
                       folder when P ends with /) or does not exist, for IsFile
                       and IsDirectory conditions the workspace cannot decide.
  --server-variable NAME=VALUE
                       A server variable for the test (HTTP_USER_AGENT=…); the URL
                       gives HTTPS, HTTP_HOST, SERVER_PORT, QUERY_STRING, ….
  --max-file-size MB   Files larger than this are not validated: they get one
                       file-too-large warning instead (default 32; 0: no limit).
  -h, --help           Show this help.

Exit status: 0 no errors, 1 errors found (--rewrite-test: a redirect loop or a
500.52), 2 bad usage or unreadable input.`;

const SKIP_DIRS = new Set(['node_modules', '.git', 'bin', 'obj']);
const CONFIG_NAMES = /^(web|applicationhost)\.config$/i;

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

interface Options {
  format: 'text' | 'json' | 'sarif'; appHost?: string; paths: string[]; maxFileSize?: number; effective?: { target: string; section: string };
  server?: ServerProfile; as?: FileAs; explain?: string; verb?: string; showSecrets?: boolean;
  rewriteTest?: string; exists: string[]; missing: string[]; variables: Record<string, string>;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' {
  const opts: Options = { format: 'text', paths: [], exists: [], missing: [], variables: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
      opts.format = f;
    } else if (a === '--app-host' || a.startsWith('--app-host=')) opts.appHost = value();
    else if (a === '--server' || a.startsWith('--server=')) {
      const v = value();
      const profile = parseServerProfile(v);
      if (!profile) throw new UsageError(`unknown server profile '${v}' (expected ${SERVER_PROFILES.join(', ')})`);
      opts.server = profile;
    } else if (a === '--as' || a.startsWith('--as=')) {
      const v = value().toLowerCase();
      if (v !== 'web.config' && v !== 'applicationhost.config') throw new UsageError(`--as takes web.config or applicationHost.config, not '${v}'`);
      opts.as = v === 'web.config' ? 'web.config' : 'applicationHost.config';
    }
    else if (a === '--max-file-size' || a.startsWith('--max-file-size=')) {
      const v = value();
      const mb = Number(v);
      if (v.trim() === '' || !Number.isFinite(mb) || mb < 0) throw new UsageError(`--max-file-size needs a number of MB (0: no limit), not '${v}'`);
      opts.maxFileSize = mb === 0 ? 0 : mb * MB;
    }
    else if (a === '--effective') {
      const target = argv[++i], section = argv[++i];
      if (target === undefined || section === undefined) throw new UsageError('--effective needs PATH and SECTION');
      opts.effective = { target, section };
    }
    else if (a === '--explain' || a.startsWith('--explain=')) opts.explain = value();
    else if (a === '--show-secrets') opts.showSecrets = true;
    else if (a === '--verb' || a.startsWith('--verb=')) {
      const v = value();
      if (!/^[A-Za-z][A-Za-z-]*$/.test(v)) throw new UsageError(`--verb needs an HTTP verb such as GET or PUT, not '${v}'`);
      opts.verb = v.toUpperCase();
    }
    else if (a === '--rewrite-test' || a.startsWith('--rewrite-test=')) opts.rewriteTest = value();
    else if (a === '--exists' || a.startsWith('--exists=')) opts.exists.push(value());
    else if (a === '--missing' || a.startsWith('--missing=')) opts.missing.push(value());
    else if (a === '--server-variable' || a.startsWith('--server-variable=')) {
      const v = value();
      const eq = v.indexOf('=');
      if (eq <= 0) throw new UsageError(`--server-variable needs NAME=VALUE, not '${v}'`);
      opts.variables[v.slice(0, eq).trim().toUpperCase()] = v.slice(eq + 1);
    }
    else if (a === '--') { opts.paths.push(...argv.slice(i + 1)); break; }
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else opts.paths.push(a);
  }
  if (opts.verb && !opts.explain) throw new UsageError('--verb goes with --explain');
  if (opts.explain !== undefined && opts.format === 'sarif') throw new UsageError('--explain prints text or json');
  if (!opts.paths.length && !opts.effective && opts.explain === undefined) throw new UsageError('no PATH given');
  return opts;
}

/** Files to lint under the given paths, in a stable order. Throws for a path that does not exist. */
function collectFiles(p: string): string[] {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  const stack = [p];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name.toLowerCase())) subdirs.push(full); }
      else if (e.isFile() && CONFIG_NAMES.test(e.name)) out.push(full);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return out;
}

export function runCli(argv: string[], io: CliIo): number {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.stderr(`iis-config-lint: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') { io.stdout(USAGE + '\n'); return 0; }
  if (opts.explain !== undefined) {
    const r = explainCli({ target: opts.explain, paths: opts.paths, appHost: opts.appHost, verb: opts.verb, format: opts.format === 'json' ? 'json' : 'text', ...(opts.server ? { profile: opts.server } : {}) });
    if ('error' in r) { io.stderr(`iis-config-lint: ${r.error}\n`); return 2; }
    io.stdout(r.text);
    return 0;
  }
  if (opts.rewriteTest !== undefined) {
    return runRewriteTestCli({ url: opts.rewriteTest, paths: opts.paths, appHost: opts.appHost, format: opts.format, exists: opts.exists, missing: opts.missing, variables: opts.variables }, io);
  }
  if (opts.exists.length || opts.missing.length || Object.keys(opts.variables).length) {
    io.stderr(`iis-config-lint: --exists, --missing and --server-variable go with --rewrite-test\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.showSecrets && !opts.effective) {
    io.stderr(`iis-config-lint: --show-secrets goes with --effective\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.effective) {
    const r = effectiveText({ ...opts.effective, appHost: opts.appHost, ...(opts.server ? { profile: opts.server } : {}), showSecrets: !!opts.showSecrets });
    if ('error' in r) { io.stderr(`iis-config-lint: ${r.error}\n`); return 2; }
    io.stdout(r.text);
    return 0;
  }

  let unreadable = false;
  // Which applicationHost.config, level and parents each web.config has (said once per applicationHost.config in text output).
  const hierarchy = createCliHierarchy({ appHost: opts.appHost, paths: opts.paths, ...(opts.server ? { profile: opts.server } : {}), ...(opts.as ? { as: opts.as } : {}) });
  const baseContext: Partial<AnalysisContext> = {};
  if (opts.appHost) {
    try {
      const text = readTextFile(opts.appHost).text;
      // Parsed once: the hierarchy of every web.config uses this same model.
      const appHost = hierarchy.appHost(opts.appHost, text).file;
      Object.assign(baseContext, { sites: appHost.sites, declarations: appHost.declarations });
      if (opts.format === 'text') io.stdout(`using applicationHost.config: ${opts.appHost}\n`);
    } catch (e) {
      io.stderr(`iis-config-lint: cannot read --app-host ${opts.appHost}: ${(e as Error).message}\n`);
      return 2;
    }
  }

  const files: string[] = [];
  const empty: string[] = [];
  for (const p of opts.paths) {
    try {
      const found = collectFiles(p);
      if (!found.length) empty.push(p);
      files.push(...found);
    } catch (e) {
      io.stderr(`iis-config-lint: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      unreadable = true;
    }
  }
  // A folder without configuration files is worth a word only when nothing was linted at all.
  if (!files.length) for (const p of empty) io.stderr(`iis-config-lint: skipped ${p}: no web.config or applicationHost.config in it\n`);

  let errors = 0, warnings = 0, infos = 0;
  const json: Array<{ file: string; diagnostics: unknown[] }> = [];
  const sarif: SarifFileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readTextFile(file).text;
    } catch (e) {
      io.stderr(`iis-config-lint: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const inHierarchy = hierarchy.contextFor(file);
    if (inHierarchy.status && opts.format === 'text') io.stdout(inHierarchy.status + '\n');
    if (inHierarchy.note && opts.format === 'text') io.stdout(inHierarchy.note + '\n');
    const analysis = analyzeDocument(text, {
      ...baseContext, ...inHierarchy.context, fileName: file, maxFileSize: opts.maxFileSize,
      // The error's type and stack only: its message may quote a configuration value.
      onRuleError: (rule, err) => io.stderr(`iis-config-lint: internal error in rule ${rule} on ${file}: ${describeError(err)}\n`),
    });
    const index = new LineIndex(text);
    for (const d of analysis.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
    }
    if (opts.format === 'sarif') sarif.push({ file, diagnostics: analysis.diagnostics, index });
    else if (opts.format === 'json') {
      const uri = pathToFileURL(path.resolve(file)).toString();
      // LSP diagnostics, plus the explanation the editor's hover shows (`detail`).
      json.push({ file, diagnostics: analysis.diagnostics.map((d) => ({ ...toLspDiagnostic(d, index, { uri, otherFile: hierarchy.otherFile }), ...(d.detail ? { detail: d.detail } : {}) })) });
    } else {
      for (const d of analysis.diagnostics) io.stdout(formatText(file, d, index) + '\n');
    }
  }
  if (opts.format === 'sarif') io.stdout(JSON.stringify(toSarif(sarif, { cwd: process.cwd(), version: CLI_VERSION }), null, 2) + '\n');
  else if (opts.format === 'json') io.stdout(JSON.stringify(json, null, 2) + '\n');
  else io.stdout(`checked ${files.length} file${files.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} information\n`);
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

export function formatText(file: string, d: Diagnostic, index: LineIndex): string {
  const p = index.positionAt(d.start);
  return `${file}:${p.line + 1}:${p.character + 1} ${d.severity} ${d.code} ${d.message}`;
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  process.exitCode = code;
}
