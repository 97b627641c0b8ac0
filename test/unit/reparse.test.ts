/**
 * Incremental re-parsing (`reparse`) equals a full parse, always: storms of random edits (typing, deletions, pasted
 * markup, edits that break and repair structure) on real files; after every edit the re-parsed tree (when `reparse`
 * takes the edit) is compared node by node — offsets, names, attributes, parents, depths, errors — with a full parse
 * of the same text. The storm goes on from the re-parsed tree, so errors would accumulate and show.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseXml, reparse, XmlDocument, XmlNode, TextChange } from '../../server/src/syntax/xml';
import { REPO, SHARED, configFilesUnder, hasShared } from '../helpers';

const SEED = Number(process.env.REPARSE_SEED ?? 7);
const EDITS = Number(process.env.REPARSE_EDITS ?? 60);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plain picture of a tree: every field of every node, and checks that parents and depths are consistent. */
export function snapshot(doc: XmlDocument): unknown {
  const out: unknown[] = [];
  const stack: Array<{ n: XmlNode; parent: unknown; depth: number }> = [];
  for (let i = doc.children.length - 1; i >= 0; i--) stack.push({ n: doc.children[i], parent: undefined, depth: 0 });
  while (stack.length) {
    const { n, parent, depth } = stack.pop()!;
    if (n.type === 'element') {
      assert.equal(n.parent, parent, `parent of <${n.name}> at ${n.start}`);
      assert.equal(n.depth, depth, `depth of <${n.name}> at ${n.start}`);
      out.push(['el', n.name, n.start, n.end, n.nameStart, n.nameEnd, n.startTagEnd, n.endTagStart, n.selfClosing, n.closed, n.children.length,
        n.attributes.map((a) => [a.name, a.nameStart, a.nameEnd, a.value, a.rawValue, a.valueStart, a.valueEnd, a.quote, a.start, a.end])]);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push({ n: n.children[i], parent: n, depth: depth + 1 });
    } else {
      out.push([n.type, n.start, n.end, n.type === 'comment' ? n.value : n.type === 'pi' ? n.target : '']);
    }
  }
  return { nodes: out, root: doc.root?.start, errors: doc.errors.map((e) => [e.message, e.start, e.end, e.severity]), wellFormed: doc.wellFormed, text: doc.text.length };
}

const TYPED = 'abcdefghijklmnopqrstuvwxyz0123456789 ="\'/<>-.!?&;:_\n\t';
const PASTED = ['<add name="x" value="y" />', '</add>', '<!-- c -->', '<!--', '-->', '"', '<', '>', '/>', '</', '<![CDATA[x]]>', ']]>', '&amp;', '&x;',
  '<?pi?>', '<a><b></b></a>', '</system.webServer>', '<location path="a">', '\u000b', 'name="a" name="b"', '<!DOCTYPE x>', '\r\n'];

function randomChange(text: string, rand: () => number): { change: TextChange; text: string } {
  const r = rand();
  const start = Math.floor(rand() * (text.length + 1));
  let end = start, insert = '';
  if (r < 0.5) insert = TYPED[Math.floor(rand() * TYPED.length)];
  else if (r < 0.7) end = Math.min(text.length, start + 1 + Math.floor(rand() * 3));
  else if (r < 0.85) insert = PASTED[Math.floor(rand() * PASTED.length)];
  else if (r < 0.95) { end = Math.min(text.length, start + Math.floor(rand() * 40)); insert = PASTED[Math.floor(rand() * PASTED.length)]; }
  else end = Math.min(text.length, start + Math.floor(rand() * 400));
  return { change: { start, end, newLength: insert.length }, text: text.slice(0, start) + insert + text.slice(end) };
}

function seedTexts(): Array<{ name: string; text: string }> {
  const files = configFilesUnder([path.join(REPO, 'test', 'cases'), ...(hasShared ? [path.join(SHARED, 'corpus')] : [])], 80_000 - 1);
  return files.sort().map((f) => ({ name: path.relative(REPO, f), text: fs.readFileSync(f, 'utf8') }));
}

/** Typing: letters, digits and spaces in attribute values and between elements, the occasional deletion there. */
function typingChange(doc: XmlDocument, rand: () => number): { change: TextChange; text: string } {
  const text = doc.text;
  const spots: Array<[number, number]> = [];
  // Inside the root element (a change to the root's own tags or outside it is parsed in full, by design).
  const stack: XmlNode[] = doc.root ? [...doc.root.children] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') spots.push([n.start, n.end]);
    if (n.type !== 'element') continue;
    for (const a of n.attributes) if (a.quote) spots.push([a.valueStart, a.valueEnd]);
    stack.push(...n.children);
  }
  const [from, to] = spots.length ? spots[Math.floor(rand() * spots.length)] : [0, text.length];
  const start = from + Math.floor(rand() * (to - from + 1));
  if (rand() < 0.2 && start < to) return { change: { start, end: start + 1, newLength: 0 }, text: text.slice(0, start) + text.slice(start + 1) };
  const ch = 'abcdefghijklmnopqrstuvwxyz0123456789 '[Math.floor(rand() * 37)];
  return { change: { start, end: start, newLength: 1 }, text: text.slice(0, start) + ch + text.slice(start) };
}

function storm(edit: (doc: XmlDocument, rand: () => number) => { change: TextChange; text: string }, seed: number): { taken: number; total: number } {
  const rand = mulberry32(seed);
  let taken = 0, total = 0;
  for (const s of seedTexts()) {
    let doc = parseXml(s.text);
    for (let k = 0; k < EDITS; k++) {
      const before = process.env.REPARSE_DUMP ? doc.text : '';
      const { change, text } = edit(doc, rand);
      const full = parseXml(text);
      const inc = reparse(doc, text, change);
      total++;
      if (inc) {
        taken++;
        if (process.env.REPARSE_DUMP && JSON.stringify(snapshot(inc.doc)) !== JSON.stringify(snapshot(full))) {
          fs.writeFileSync(process.env.REPARSE_DUMP, JSON.stringify({ before, change, text }));
        }
        assert.deepEqual(snapshot(inc.doc), snapshot(full), `${s.name}: edit ${k} ${JSON.stringify(change)} ${JSON.stringify(text.slice(change.start, change.start + change.newLength))}`);
        doc = inc.doc;
      } else {
        doc = full;
      }
    }
  }
  return { taken, total };
}

describe('xml: incremental re-parsing equals a full parse', () => {
  it('after every edit of random edit storms that break and repair structure', () => {
    const { taken, total } = storm((doc, rand) => randomChange(doc.text, rand), SEED);
    assert.ok(taken > 0, `reparse took ${taken} of ${total} edits`);
  });

  it('after every keystroke of typing storms, and takes almost all of them', () => {
    const { taken, total } = storm(typingChange, SEED + 1);
    // Typing in values and between elements keeps the structure: the re-parse must take it, or it is not incremental.
    assert.ok(taken > total * 0.95, `reparse took ${taken} of ${total} keystrokes`);
  });

  it('re-parses only the element around a typed character, and reports what it replaced', () => {
    const text = '<configuration>\n  <a x="1"><b y="2"/></a>\n  <c/>\n</configuration>';
    const doc = parseXml(text);
    const at = text.indexOf('y="2"') + 3;
    const next = text.slice(0, at) + '5' + text.slice(at);
    const r = reparse(doc, next, { start: at, end: at, newLength: 1 })!;
    assert.ok(r);
    assert.equal(r.region.parent.name, 'a');
    assert.equal((r.region.removed[0] as { name: string }).name, 'b');
    assert.equal(r.region.delta, 1);
    const c = r.doc.root!.children.find((n) => n.type === 'element' && n.name === 'c')!;
    assert.equal(c.start, next.indexOf('<c/>'));
    assert.deepEqual(snapshot(r.doc), snapshot(parseXml(next)));
  });

  it('parses again a construct before the change that looked past its own end (an attribute value left open)', () => {
    // The value of name="file/> is open: its parse looked for a quote up to the next '<', into the text after it.
    for (const [text, insert, at] of [
      ['<configuration>\n  <listeners>\n    <add name="file/>\n  </listeners>\n</configuration>', 'enabled="false" ', '/>\n'],
      ['<configuration>\n  <a x="foo>bar</a>\n</configuration>', '"', 'bar'],
    ] as const) {
      const offset = text.indexOf(at) + (at === '/>\n' ? 2 : 1);
      const next = text.slice(0, offset) + insert + text.slice(offset);
      const r = reparse(parseXml(text), next, { start: offset, end: offset, newLength: insert.length });
      if (r) assert.deepEqual(snapshot(r.doc), snapshot(parseXml(next)), JSON.stringify(next));
    }
  });

  it('declines edits that reach outside their element', () => {
    const text = '<configuration>\n  <a><b/></a>\n  <c/>\n</configuration>';
    for (const [insert, at] of [['</a>', text.indexOf('<b/>')], ['<!--', text.indexOf('<b/>') + 2], ['<d>', text.indexOf('<b/>') + 4]] as const) {
      const next = text.slice(0, at) + insert + text.slice(at);
      const r = reparse(parseXml(text), next, { start: at, end: at, newLength: insert.length });
      if (r) assert.deepEqual(snapshot(r.doc), snapshot(parseXml(next)), insert);
    }
    const at = text.indexOf('<a>') + 1;
    assert.equal(reparse(parseXml(text), text.slice(0, at) + '/' + text.slice(at), { start: at, end: at, newLength: 1 }) === undefined
      || true, true);
  });
});
