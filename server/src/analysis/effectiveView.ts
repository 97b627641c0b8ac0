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
import { ChainFile, EffectiveNode, Origin, assumedProfile, chainOf, contributionsAt, lineOf, mergeSection } from './inheritance';
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
  readonly text: string;
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
export function effectiveConfiguration(h: ConfigHierarchy, sectionPath: string, schema: SchemaRegistry, current?: CurrentDocument): EffectiveView {
  const chain = chainOf(h, current);
  const contributions = contributionsAt(h, chain, sectionPath, h.configPath);
  const node = mergeSection(sectionPath, contributions, schema);
  const contributing = chain.filter((f) => contributions.some((c) => c.chainFile === f));
  const configPath = h.configPath.join('/');
  return { sectionPath, configPath, node, files: chain, contributing, text: formatEffective(h, sectionPath, node, chain, contributing) };
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

function formatEffective(h: ConfigHierarchy, sectionPath: string, node: EffectiveNode, chain: readonly ChainFile[], contributing: readonly ChainFile[]): string {
  const ref = (o: Origin) => o.chainFile.builtIn ? `[${o.chainFile.index + 1}] default` : `[${o.chainFile.index + 1}] line ${lineOf(o.chainFile.text, o.start)}`;
  const at = h.configPath.join('/');
  const lines: string[] = [
    comment(`Effective configuration of ${sectionPath} at "${at}": ${h.fileLevel.description.replace(/`/g, '"')}`),
    comment(`applicationHost.config in effect: ${h.appHost.builtIn ? `none found, ${assumedProfile(h)?.assumption ?? 'default IIS 10 settings'} assumed` : `${h.choice.path} (${h.choice.reason})`}`),
    comment(`Files, top down; "[n] line L" after a setting says where it comes from ("[n] default": the built-in ${assumedProfile(h)?.assumption ?? 'default IIS 10 settings'}):`),
    ...chain.map((f) => comment(`  [${f.index + 1}] ${fileLabel(f)}${contributing.includes(f) ? '' : ' — sets nothing here'}`)),
  ];
  const groups = sectionPath.split('/');
  const name = groups.pop()!;
  let indent = '';
  for (const g of groups) { lines.push(`${indent}<${g}>`); indent += '  '; }
  if (!contributing.length) {
    lines.push(`${indent}${comment('not set at any level: the schema defaults apply')}`);
    lines.push(`${indent}<${name} />`);
  } else {
    renderNode(lines, indent, name, node, ref);
  }
  for (let i = groups.length - 1; i >= 0; i--) { indent = indent.slice(2); lines.push(`${indent}</${groups[i]}>`); }
  return lines.join('\n') + '\n';
}

function attrText(name: string, value: string): string {
  return `${name}="${encodeAttributeValue(value)}"`;
}

type RenderItem =
  | { readonly kind: 'node'; readonly indent: string; readonly name: string; readonly node: EffectiveNode }
  | { readonly kind: 'entry'; readonly indent: string; readonly el: XmlElement; readonly trailer: string }
  | { readonly kind: 'line'; readonly line: string };

/**
 * The effective element and everything below it. Iterative (an explicit stack, in the order a recursion would
 * write): the nesting depth comes from the files.
 */
function renderNode(lines: string[], indent0: string, name0: string, node0: EffectiveNode, ref: (o: Origin) => string): void {
  const stack: RenderItem[] = [{ kind: 'node', indent: indent0, name: name0, node: node0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.kind === 'line') { lines.push(item.line); continue; }
    if (item.kind === 'entry') {
      // An entry as written (its nested elements too), annotated on its first line.
      const { indent, el, trailer } = item;
      const attrs = el.attributes.filter((a) => !isMetaAttribute(a.name) || a.name === 'lockItem' || a.name.startsWith('lock')).map((a) => ' ' + attrText(a.name, a.value)).join('');
      const kids = el.children.filter((c): c is XmlElement => c.type === 'element');
      if (!kids.length) { lines.push(`${indent}<${el.name}${attrs} />${trailer}`); continue; }
      lines.push(`${indent}<${el.name}${attrs}>${trailer}`);
      stack.push({ kind: 'line', line: `${indent}</${el.name}>` });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ kind: 'entry', indent: indent + '  ', el: kids[i], trailer: '' });
      continue;
    }
    const { indent, name, node } = item;
    const attrs: Array<{ text: string; origin: Origin; name: string }> = [...node.attributes.values()].map((a) => ({ text: attrText(a.name, a.value), origin: a.origin, name: a.name }));
    for (const l of node.locks) attrs.push({ text: attrText(l.kind, l.attribute.value), origin: l.origin, name: l.kind });
    const origins = new Set(attrs.map((a) => ref(a.origin)));
    if (origins.size > 1) {
      lines.push(`${indent}${comment(attrs.map((a) => `${a.name}: ${ref(a.origin)}`).join('; '))}`);
    }
    const open = `${indent}<${name}${attrs.map((a) => ' ' + a.text).join('')}`;
    const trailer = origins.size === 1 ? ` ${comment([...origins][0])}` : '';
    const hasBody = node.children.size > 0 || node.entries.length > 0 || !!node.clearedAt;
    if (!hasBody) { lines.push(`${open} />${trailer}`); continue; }
    lines.push(`${open}>${trailer}`);
    const inner = indent + '  ';
    if (node.clearedAt) lines.push(`${inner}${comment(`<clear /> at ${ref(node.clearedAt)}: entries of the levels above it are dropped`)}`);
    // Pushed in reverse: the children are written first, then the entries, then the end tag.
    stack.push({ kind: 'line', line: `${indent}</${name}>` });
    for (let i = node.entries.length - 1; i >= 0; i--) {
      const e = node.entries[i];
      stack.push({ kind: 'entry', indent: inner, el: e.element, trailer: ` ${comment(ref(e.origin))}` });
    }
    const children = [...node.children];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ kind: 'node', indent: inner, name: children[i][0], node: children[i][1] });
  }
}
