/**
 * A parsed document as data: the tree of a well-formed text written as numbers (offsets, counts) and the few strings
 * the text cannot give back (decoded attribute values, processing-instruction targets), and the tree rebuilt from it
 * without parsing. The built-in server models (hierarchy/defaultAppHost.ts) are snapshotted at build time
 * (scripts/generate-model-snapshot.js), so starting the CLI or the server does not parse their XML;
 * test/unit/defaultModel.test.ts proves the rebuilt tree equals parsing the text.
 *
 * Layout, in document order, one record per node: element `0 start end nameStart nameEnd startTagEnd endTagStart
 * flags attributeCount childCount` then per attribute `nameStart nameEnd valueStart valueEnd quote end value` (quote
 * 0 none, 1 `"`, 2 `'`; value -1 when it equals the raw text, else an index into `strings`), then its children; text
 * `1 start end`; comment `2 start end valueLength`; CDATA `3 start end`; processing instruction `4 start end target`;
 * doctype `5 start end`. Stored packed ({@link TreeSnapshot.nodes}): every offset but a node's start as its distance from
 * that start (+1, so -1 fits), a node's start as its distance from the previous node's, each number in base 36,
 * comma-separated — a short string literal in the bundle, cheap to load and only unpacked for the model in use.
 */
import { NO_ATTRIBUTES, NO_CHILDREN, type XmlAttribute, type XmlDocument, type XmlElement, type XmlNode } from './xml';

export interface TreeSnapshot {
  /**
   * Length of the text it was made from. With it, every element's start tag is checked to begin with '<' and end with
   * '>' where the snapshot says: a snapshot of another text is refused (the build regenerates it; a test proves it
   * equals parsing the text).
   */
  readonly length: number;
  /** The records, packed (see the layout above). */
  readonly nodes: string;
  readonly strings: readonly string[];
}

/** The records as a string: see the layout above. */
function pack(nodes: readonly number[]): string {
  const out: string[] = [];
  let i = 0, prevStart = 0;
  const put = (v: number) => out.push(v.toString(36));
  put(nodes[i++]);
  while (i < nodes.length) {
    const type = nodes[i++], start = nodes[i++];
    put(type); put(start - prevStart); prevStart = start;
    const rel = () => put(nodes[i++] - start + 1);
    const plain = () => put(nodes[i++]);
    if (type === 0) {
      rel(); rel(); rel(); rel(); rel(); plain();
      const attributes = nodes[i++]; put(attributes); plain();
      for (let k = 0; k < attributes; k++) { rel(); rel(); rel(); rel(); plain(); rel(); put(nodes[i++] + 1); }
    } else {
      rel();
      if (type === 2 || type === 4) plain();
    }
  }
  return out.join(',');
}

function unpack(packed: string): number[] {
  const raw = packed.split(',');
  const nodes: number[] = [];
  let i = 0, prevStart = 0;
  const next = () => parseInt(raw[i++], 36);
  nodes.push(next());
  while (i < raw.length) {
    const type = next(), start = prevStart + next();
    prevStart = start;
    nodes.push(type, start);
    const rel = () => nodes.push(next() + start - 1);
    const plain = () => nodes.push(next());
    if (type === 0) {
      rel(); rel(); rel(); rel(); rel(); plain();
      const attributes = next(); nodes.push(attributes); plain();
      for (let k = 0; k < attributes; k++) { rel(); rel(); rel(); rel(); plain(); rel(); nodes.push(next() - 1); }
    } else {
      rel();
      if (type === 2 || type === 4) plain();
    }
  }
  return nodes;
}

const QUOTES = ['', '"', "'"] as const;

/** The snapshot of a parsed well-formed document (throws for one with errors: those are not snapshotted). */
export function snapshotTree(doc: XmlDocument): TreeSnapshot {
  if (doc.errors.length) throw new Error(`a document with errors is not snapshotted: ${doc.errors[0].message}`);
  const nodes: number[] = [], strings: string[] = [];
  const string = (s: string) => { strings.push(s); return strings.length - 1; };
  // Iterative (document order): a stack of the nodes still to write, the next one on top.
  const write = (n: XmlNode): void => {
    switch (n.type) {
      case 'element':
        nodes.push(0, n.start, n.end, n.nameStart, n.nameEnd, n.startTagEnd, n.endTagStart, (n.selfClosing ? 1 : 0) | (n.closed ? 2 : 0), n.attributes.length, n.children.length);
        for (const a of n.attributes) {
          nodes.push(a.nameStart, a.nameEnd, a.valueStart, a.valueEnd, QUOTES.indexOf(a.quote), a.end, a.value === a.rawValue ? -1 : string(a.value));
        }
        return;
      case 'text': nodes.push(1, n.start, n.end); return;
      case 'comment': nodes.push(2, n.start, n.end, n.value.length); return;
      case 'cdata': nodes.push(3, n.start, n.end); return;
      case 'pi': nodes.push(4, n.start, n.end, string(n.target)); return;
      case 'doctype': nodes.push(5, n.start, n.end); return;
    }
  };
  nodes.push(doc.children.length);
  const stack: XmlNode[] = [...doc.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    write(n);
    if (n.type === 'element') for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return { length: doc.text.length, nodes: pack(nodes), strings };
}

/** The tree of `text` from its snapshot, or undefined when the snapshot was made from another text. */
export function treeFromSnapshot(text: string, snap: TreeSnapshot): XmlDocument | undefined {
  if (snap.length !== text.length) return undefined;
  const nodes = unpack(snap.nodes), strings = snap.strings;
  const names = new Map<string, string>();
  const name = (from: number, to: number) => {
    const s = text.slice(from, to);
    const shared = names.get(s);
    if (shared !== undefined) return shared;
    names.set(s, s);
    return s;
  };
  let i = 0, mismatch = false;
  /** One record; an element's children are read by the loop below (iteratively), into the array it returns. */
  const read = (parent: XmlElement | undefined, depth: number): { node: XmlNode; childCount: number } => {
    const type = nodes[i++], start = nodes[i++], end = nodes[i++];
    switch (type) {
      case 0: {
        const nameStart = nodes[i++], nameEnd = nodes[i++], startTagEnd = nodes[i++], endTagStart = nodes[i++], flags = nodes[i++];
        const attributeCount = nodes[i++], childCount = nodes[i++];
        if (text.charCodeAt(start) !== 60 || text.charCodeAt(startTagEnd - 1) !== 62) mismatch = true;
        const el: XmlElement = {
          type: 'element', name: name(nameStart, nameEnd), start, end, nameStart, nameEnd, startTagEnd, endTagStart,
          selfClosing: (flags & 1) !== 0, closed: (flags & 2) !== 0, attributes: NO_ATTRIBUTES, children: NO_CHILDREN, parent, depth,
        };
        if (attributeCount) {
          const attributes: XmlAttribute[] = [];
          for (let k = 0; k < attributeCount; k++) {
            const aNameStart = nodes[i++], aNameEnd = nodes[i++], valueStart = nodes[i++], valueEnd = nodes[i++], quote = QUOTES[nodes[i++]], aEnd = nodes[i++], value = nodes[i++];
            const rawValue = text.slice(valueStart, valueEnd);
            attributes.push({ name: name(aNameStart, aNameEnd), nameStart: aNameStart, nameEnd: aNameEnd, value: value < 0 ? rawValue : strings[value], rawValue, valueStart, valueEnd, quote, start: aNameStart, end: aEnd });
          }
          (el as { attributes: XmlAttribute[] }).attributes = attributes;
        }
        if (childCount) (el as { children: XmlNode[] }).children = [];
        return { node: el, childCount };
      }
      case 1: return { node: { type: 'text', start, end }, childCount: 0 };
      case 2: { const length = nodes[i++]; return { node: { type: 'comment', start, end, value: text.slice(start + 4, start + 4 + length) }, childCount: 0 }; }
      case 3: return { node: { type: 'cdata', start, end }, childCount: 0 };
      case 4: return { node: { type: 'pi', start, end, target: strings[nodes[i++]] }, childCount: 0 };
      case 5: return { node: { type: 'doctype', start, end }, childCount: 0 };
      default: throw new Error(`bad snapshot: node type ${type} at ${i - 3}`);
    }
  };
  const children: XmlNode[] = [];
  // Open elements still receiving children: where their children go and how many are left.
  const open: Array<{ element: XmlElement | undefined; into: XmlNode[]; left: number }> = [{ element: undefined, into: children, left: nodes[i++] }];
  while (open.length) {
    const top = open[open.length - 1];
    if (top.left === 0) { open.pop(); continue; }
    top.left--;
    const { node, childCount } = read(top.element, open.length - 1);
    top.into.push(node);
    if (childCount) open.push({ element: node as XmlElement, into: (node as XmlElement).children, left: childCount });
  }
  if (mismatch || i !== nodes.length) return undefined;
  const root = children.find((c): c is XmlElement => c.type === 'element');
  return { text, children, root, errors: [], wellFormed: true };
}
