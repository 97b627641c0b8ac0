/**
 * "Show effective configuration": the merged section in effect at a
 * configuration path — what `appcmd list config "Site/App" -section:…` shows
 * on a server — as XML text in which every attribute, lock and collection
 * entry says which file and line it comes from.
 *
 * Pure: built from a ConfigHierarchy (and optionally the analysed document's
 * own text, which wins over the copy on disk).
 */
import type { ConfigHierarchy } from '../hierarchy/hierarchy';
import type { ConfigFile } from '../hierarchy/configFile';
import type { SchemaRegistry } from '../iis/schemaLoader';
import { XmlElement, encodeAttributeValue } from '../syntax/xml';
import { isMetaAttribute } from '../iis/meta';
import { ChainFile, Contribution, EffectiveNode, Origin, assumedProfile, chainOf, contributionsAt, lineOf, mergeSection } from './inheritance';
import { RuntimeLevelRow, ignoredAt, runtimeLevelRows } from '../iis/runtimeLevels';
import { describeLevels } from '../hierarchy/levels';
import { SchemaNode, attributeSchema, childSchema, effectiveDefault } from '../iis/schemaLoader';
import { MASK, printableValue } from '../iis/secrets';
import { getAttribute } from '../syntax/xml';
import { profileInfo } from '../iis/serverProfiles';
import { builtInProfileOf } from '../hierarchy/defaultAppHost';

export interface EffectiveView {
  readonly sectionPath: string;
  /** The configuration path shown ("Shop/api"). */
  readonly configPath: string;
  readonly node: EffectiveNode;
  /** The files of the chain, top down. */
  readonly files: readonly ChainFile[];
  /** Files that contributed to the section. */
  readonly contributing: readonly ChainFile[];
  /** Contributions the runtime does not read at this path (they are marked "ignored here" in the text). */
  readonly ignored: number;
  /** Secret values masked in the text (see iis/secrets.ts); 0 with `showSecrets`. */
  readonly masked: number;
  readonly text: string;
}

export interface EffectiveOptions {
  /**
   * Print secrets (passwords, keys, the password parts of connection strings) as written. Without it they are masked
   * (`********`), and the header says so; values already encrypted (`[enc:…:enc]`) are shown as written either way.
   */
  readonly showSecrets?: boolean;
}

/** Masks secret values as they are printed, and counts them. */
interface Printer {
  value(name: string, value: string, schema: SchemaNode | undefined): string;
  readonly show: boolean;
  masked: number;
}

function printer(show: boolean): Printer {
  const p: Printer = {
    show,
    masked: 0,
    value(name, value, schema) {
      const out = printableValue(name, value, schema ? attributeSchema(schema, name) : undefined, show);
      if (out !== value) p.masked++;
      return out;
    },
  };
  return p;
}

export interface CurrentDocument {
  readonly fileName: string;
  readonly text: string;
  readonly file: ConfigFile;
}

/**
 * The effective section at the hierarchy's configuration path. With
 * `current`, the analysed document is the last file of the chain (its
 * configuration path is the hierarchy's).
 */
export function effectiveConfiguration(h: ConfigHierarchy, sectionPath: string, schema: SchemaRegistry, current?: CurrentDocument, options: EffectiveOptions = {}): EffectiveView {
  const chain = chainOf(h, current);
  const contributions = contributionsAt(h, chain, sectionPath, h.configPath);
  const node = mergeSection(sectionPath, contributions, schema);
  const contributing = chain.filter((f) => contributions.some((c) => c.chainFile === f));
  const configPath = h.configPath.join('/');
  const print = printer(!!options.showSecrets);
  const runtime = runtimeView(sectionPath, contributions, schema, print);
  const text = formatEffective(h, sectionPath, node, chain, contributing, runtime, print);
  return { sectionPath, configPath, node, files: chain, contributing, ignored: runtime.count, masked: print.masked, text };
}

// ---------------------------------------------------------------------------
// What the runtime ignores at this path (iis/runtimeLevels.ts), and what it uses instead

interface Ignored { readonly row: RuntimeLevelRow; readonly contribution: Contribution; readonly why: 'webConfig' | 'level' }

interface RuntimeView {
  /** Why an origin (an attribute, lock or entry of the merged view) is not read at this path, and what IIS uses instead. */
  note(path: readonly string[], origin: Origin, attribute?: string): string | undefined;
  /** How many contributions the runtime ignores here. */
  readonly count: number;
}

function inside(origin: Origin, c: Contribution, el: XmlElement = c.section.element): boolean {
  return origin.chainFile === c.chainFile && origin.start >= el.start && origin.end <= el.end;
}

function runtimeView(sectionPath: string, contributions: readonly Contribution[], schema: SchemaRegistry, print: Printer): RuntimeView {
  const ignored: Ignored[] = [];
  for (const row of runtimeLevelRows(sectionPath)) {
    for (const c of contributions) {
      if (row.onlyWhen) {
        const v = getAttribute(c.section.element, row.onlyWhen.attribute)?.value;
        if (!v || v.toLowerCase() !== row.onlyWhen.value.toLowerCase()) continue;
      }
      const why = ignoredAt(row, c.section.level.candidates, c.chainFile.file.kind === 'applicationHost');
      if (why) ignored.push({ row, contribution: c, why });
    }
  }
  if (!ignored.length) return { note: () => undefined, count: 0 };
  // What IIS reads: the merge without the contributions a row ignores (one merge per row, computed when needed).
  const reads = new Map<RuntimeLevelRow, EffectiveNode>();
  const readFor = (row: RuntimeLevelRow) => {
    let n = reads.get(row);
    if (!n) {
      const skip = new Set(ignored.filter((i) => i.row === row).map((i) => i.contribution));
      n = mergeSection(sectionPath, contributions.filter((c) => !skip.has(c)), schema);
      reads.set(row, n);
    }
    return n;
  };
  const levels = (row: RuntimeLevelRow, why: Ignored['why']) => why === 'webConfig' ? 'IIS reads it only from applicationHost.config' : `IIS reads it only at ${describeLevels(row.levels, 'and')} level`;
  return {
    count: new Set(ignored.map((i) => i.contribution)).size,
    note(path, origin, attribute) {
      for (const i of ignored) {
        const el = i.contribution.section.element;
        const covered = i.row.scope === 'section'
          ? inside(origin, i.contribution)
          : i.row.scope === 'attributes'
            ? path.length === 0 && attribute !== undefined && inside(origin, i.contribution) && origin.start < el.startTagEnd
            : path[0] === i.row.element && el.children.some((k) => k.type === 'element' && k.name === i.row.element && inside(origin, i.contribution, k));
        if (!covered) continue;
        let uses = '';
        if (attribute !== undefined) {
          // The same attribute in what IIS reads at this path: from a level it reads, else the schema default.
          let n: EffectiveNode | undefined = readFor(i.row);
          for (const p of path) n = n?.children.get(p);
          const a = n?.attributes.get(attribute);
          const def = n?.schema && attributeSchema(n.schema, attribute) ? effectiveDefault(attributeSchema(n.schema, attribute)!) : undefined;
          uses = a ? `; IIS uses ${attribute}="${print.value(attribute, a.value, n?.schema)}" from ${refOf(a.origin)}` : def !== undefined ? `; IIS uses the default ${attribute}="${print.value(attribute, def, n?.schema)}"` : '';
        }
        return `ignored here: ${levels(i.row, i.why)}${uses}`;
      }
      return undefined;
    },
  };
}

function refOf(o: Origin): string {
  return o.chainFile.builtIn ? `[${o.chainFile.index + 1}] default` : `[${o.chainFile.index + 1}] line ${lineOf(o.chainFile.text, o.start)}`;
}

/** Every section set anywhere in the chain (for a picker), sorted. */
export function sectionsInChain(h: ConfigHierarchy, current?: CurrentDocument): string[] {
  const set = new Set<string>();
  for (const f of chainOf(h, current)) for (const s of f.file.sections) set.add(s.path);
  return [...set].sort();
}

function fileLabel(f: ChainFile): string {
  if (f.builtIn) return `${profileInfo(builtInProfileOf(f.fileName)).assumption} (built in: no applicationHost.config was found)`;
  const what = f.index === 0 ? 'applicationHost.config' : f.current ? 'this web.config' : 'web.config';
  return `${what}: ${f.fileName}${f.configPath.length ? ` (configuration path "${f.configPath.join('/')}")` : ''}`;
}

function comment(s: string): string {
  return `<!-- ${s.replace(/--/g, '- -')} -->`;
}

function formatEffective(h: ConfigHierarchy, sectionPath: string, node: EffectiveNode, chain: readonly ChainFile[], contributing: readonly ChainFile[], runtime: RuntimeView, print: Printer): string {
  const ref = refOf;
  const at = h.configPath.join('/');
  const lines: string[] = [
    comment(`Effective configuration of ${sectionPath} at "${at}": ${h.fileLevel.description.replace(/`/g, '"')}`),
    comment(`applicationHost.config in effect: ${h.appHost.builtIn ? `none found, ${assumedProfile(h)?.assumption ?? 'default IIS 10 settings'} assumed` : `${h.choice.path} (${h.choice.reason})`}`),
    comment(`Files, top down; "[n] line L" after a setting says where it comes from ("[n] default": the built-in ${assumedProfile(h)?.assumption ?? 'default IIS 10 settings'}):`),
    ...chain.map((f) => comment(`  [${f.index + 1}] ${fileLabel(f)}${contributing.includes(f) ? '' : ' — sets nothing here'}`)),
    ...(runtime.count ? [comment('Marked "ignored here": set at a level IIS does not read it from; the configuration system merges it, but the runtime uses what the note names instead.')] : []),
  ];
  const header = lines.length;
  const groups = sectionPath.split('/');
  const name = groups.pop()!;
  let indent = '';
  for (const g of groups) { lines.push(`${indent}<${g}>`); indent += '  '; }
  if (!contributing.length) {
    lines.push(`${indent}${comment('not set at any level: the schema defaults apply')}`);
    lines.push(`${indent}<${name} />`);
  } else {
    renderNode(lines, indent, name, node, ref, runtime, print);
  }
  for (let i = groups.length - 1; i >= 0; i--) { indent = indent.slice(2); lines.push(`${indent}</${groups[i]}>`); }
  // Said in the header, once the body is written (the count is known then). XML comments cannot hold "--", so the
  // option is named without its dashes.
  lines.splice(header, 0, comment(print.show
    ? 'Secrets are shown as written (asked for): passwords, keys and connection-string passwords in clear text.'
    : print.masked
      ? `Secrets masked: ${print.masked} value${print.masked > 1 ? 's' : ''} (passwords, keys, connection-string passwords) shown as ${MASK}; [enc:…:enc] values as written. To see them, ask: the CLI's show-secrets option, the command's showSecrets argument.`
      : `Secrets (passwords, keys, connection-string passwords) are shown as ${MASK}; none is set in clear text here.`));
  return lines.join('\n') + '\n';
}

function attrText(name: string, value: string): string {
  return `${name}="${encodeAttributeValue(value)}"`;
}

type RenderItem =
  | { readonly kind: 'node'; readonly indent: string; readonly name: string; readonly node: EffectiveNode; readonly path: readonly string[] }
  | { readonly kind: 'entry'; readonly indent: string; readonly el: XmlElement; readonly trailer: string; readonly schema: SchemaNode | undefined }
  | { readonly kind: 'line'; readonly line: string };

/**
 * The effective element and everything below it. Iterative (an explicit stack, in the order a recursion would
 * write): the nesting depth comes from the files.
 */
function renderNode(lines: string[], indent0: string, name0: string, node0: EffectiveNode, ref: (o: Origin) => string, runtime: RuntimeView, print: Printer): void {
  const stack: RenderItem[] = [{ kind: 'node', indent: indent0, name: name0, node: node0, path: [] }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.kind === 'line') { lines.push(item.line); continue; }
    if (item.kind === 'entry') {
      // An entry as written (its nested elements too), annotated on its first line.
      const { indent, el, trailer, schema } = item;
      const attrs = el.attributes.filter((a) => !isMetaAttribute(a.name) || a.name === 'lockItem' || a.name.startsWith('lock')).map((a) => ' ' + attrText(a.name, print.value(a.name, a.value, schema))).join('');
      const kids = el.children.filter((c): c is XmlElement => c.type === 'element');
      if (!kids.length) { lines.push(`${indent}<${el.name}${attrs} />${trailer}`); continue; }
      lines.push(`${indent}<${el.name}${attrs}>${trailer}`);
      stack.push({ kind: 'line', line: `${indent}</${el.name}>` });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ kind: 'entry', indent: indent + '  ', el: kids[i], trailer: '', schema: schema && childSchema(schema, kids[i].name) });
      continue;
    }
    const { indent, name, node, path } = item;
    const attrs: Array<{ text: string; origin: Origin; name: string; note?: string }> = [...node.attributes.values()].map((a) => ({ text: attrText(a.name, print.value(a.name, a.value, node.schema)), origin: a.origin, name: a.name, note: runtime.note(path, a.origin, a.name) }));
    for (const l of node.locks) attrs.push({ text: attrText(l.kind, l.attribute.value), origin: l.origin, name: l.kind });
    const origins = new Set(attrs.map((a) => ref(a.origin)));
    const noted = attrs.some((a) => a.note);
    if (origins.size > 1 || noted) {
      lines.push(`${indent}${comment(attrs.map((a) => `${a.name}: ${ref(a.origin)}${a.note ? ` (${a.note})` : ''}`).join('; '))}`);
    }
    const open = `${indent}<${name}${attrs.map((a) => ' ' + a.text).join('')}`;
    const trailer = origins.size === 1 && !noted ? ` ${comment([...origins][0])}` : '';
    const hasBody = node.children.size > 0 || node.entries.length > 0 || !!node.clearedAt;
    if (!hasBody) { lines.push(`${open} />${trailer}`); continue; }
    lines.push(`${open}>${trailer}`);
    const inner = indent + '  ';
    if (node.clearedAt) lines.push(`${inner}${comment(`<clear /> at ${ref(node.clearedAt)}: entries of the levels above it are dropped`)}`);
    // Pushed in reverse: the children are written first, then the entries, then the end tag.
    stack.push({ kind: 'line', line: `${indent}</${name}>` });
    for (let i = node.entries.length - 1; i >= 0; i--) {
      const e = node.entries[i];
      const note = runtime.note(path, e.origin);
      stack.push({ kind: 'entry', indent: inner, el: e.element, trailer: ` ${comment(`${ref(e.origin)}${note ? ` (${note})` : ''}`)}`, schema: node.schema && childSchema(node.schema, e.element.name) });
    }
    const children = [...node.children];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ kind: 'node', indent: inner, name: children[i][0], node: children[i][1], path: [...path, children[i][0]] });
  }
}
