/**
 * The parser against libxml2: real configuration files (test/cases, examples and, when present, ../shared/corpus)
 * mutated with the constructs well-formedness hinges on (markup characters, entity and character references,
 * comments, declarations, forbidden characters, name characters outside XML's classes), each written to disk and
 * checked by `xmllint --noout` in one process. For every mutant the two parsers must agree on "well-formed or not":
 * - libxml2 rejects it (a "parser error", the well-formedness errors IIS's parser shares): we must report an error;
 * - we report an error: libxml2 must reject it too, except for the few checks where IIS and .NET are stricter than
 *   libxml2 (listed in STRICTER_THAN_LIBXML2, each with its reason).
 * Namespace errors are not compared: IIS's configuration parser does not process namespaces.
 *
 * xmllint comes from Debian's libxml2-utils; CI installs it (.ci/run). Without it the test is skipped locally and
 * fails under CI=true, so it cannot silently stop running.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseXml } from '../../server/src/syntax/xml';
import { REPO, SHARED, configFilesUnder, hasShared } from '../helpers';

const SEED = Number(process.env.XML_DIFF_SEED ?? 20261204);
const MUTANTS_PER_FILE = Number(process.env.XML_DIFF_MUTANTS ?? 24);
const MAX_INPUT = 60_000;

/** Our errors that libxml2 does not raise, on purpose: IIS or .NET reject these inputs, libxml2 only warns. */
const STRICTER_THAN_LIBXML2: ReadonlyArray<{ readonly message: RegExp; readonly why: string }> = [
  { message: /^XML version "1\.\d+" is not supported/, why: '.NET\'s XmlReader accepts only version="1.0"; libxml2 warns and reads 1.x as 1.0' },
];

function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
}

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

/**
 * Fragments that make or break well-formedness. Lone surrogates are left out: they cannot be written as UTF-8, so
 * libxml2 would never see them (the unit tests cover them).
 */
const FRAGMENTS = [
  '<', '>', '&', '&amp;', '&foo;', '&#0;', '&#x41;', '&#xFFFE;', '&#65;', '"', "'", '=', '/', '/>', '</', '<!-', '<!--', '-->', '--',
  ']]>', '<![CDATA[', '<![CDATA[x]]>', '<!-- note -->', '<?pi data?>', '<?xml version="1.0"?>', '<?XML?>', '\u000b', '\u0001', '\ufffe', '\uffff',
  '\u00d7', '\u037e', '\u0300', '\u00b7', '\u2000', '\u3000', '\ud83d\ude00', 'é', ' x="1"', 'x="1"', ' x="1" x="2"', '<a>', '</a>', '<a/>',
  '<!DOCTYPE a>', '<!doctype a>', '<!ENTITY e "x">', '\t', '\r\n', ' ', '1', '-', '.', ':', '<1a/>', '<-a/>', '<a.b/>', '<a:b/>', '?>', '<?',
];

/** Mutations of the XML declaration: versions, encodings, standalone values and their spacing. */
const DECLARATIONS = [
  '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  '<?xml version="2.0"?>', '<?xml version="abc"?>', '<?xml encoding="utf-8"?>', '<?xml version="1.0"encoding="utf-8"?>',
  '<?xml version="1.0" encoding="ut f"?>', '<?xml version="1.0" encoding="utf-9"?>', '<?xml version="1.0" encoding="-x"?>',
  '<?xml version="1.0" standalone="maybe"?>', '<?xml version="1.0" standalone="no" encoding="utf-8"?>', "<?xml version='1.0' encoding='iso-8859-1'?>",
  '<?xml  version = "1.0"  ?>', '<?xml version="1.0" encoding="windows-1252"?>', '<?xml?>', ' <?xml version="1.0"?>',
];

function mutate(text: string, rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const at = () => Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.45) { const i = at(); return text.slice(0, i) + pick(FRAGMENTS) + text.slice(i); }
  if (r < 0.6) { const i = at(); return text.slice(0, i) + text.slice(Math.min(text.length, i + 1 + Math.floor(rand() * 8))); }
  if (r < 0.75) {
    // Replace one markup character with another.
    const marks = [...text.matchAll(/[<>&"'=\/!?\-]/g)];
    if (!marks.length) return text;
    const m = pick(marks);
    return text.slice(0, m.index) + pick(['<', '>', '&', '"', "'", '=', '/', '!', '?', '-', ' ', '']) + text.slice(m.index! + 1);
  }
  if (r < 0.85) {
    const decl = /^\ufeff?<\?xml[^?]*\?>/.exec(text);
    const body = decl ? text.slice(decl[0].length) : text;
    return pick(DECLARATIONS) + body;
  }
  // Put a character into an element or attribute name.
  const names = [...text.matchAll(/<([A-Za-z][\w.:-]*)|\s([A-Za-z][\w.:-]*)=/g)];
  if (!names.length) return text;
  const m = pick(names);
  const nameAt = m.index! + 1 + Math.floor(rand() * (m[1] ?? m[2]).length);
  return text.slice(0, nameAt) + pick(['\u00d7', '\u037e', '\u0300', '\u00b7', '\u2000', '\u3001', '\u0100', '1', '-', '.', '\ud83d\ude00', '\u00bf']) + text.slice(nameAt);
}

/**
 * The bytes of a mutant in the encoding its declaration names, as a real file would be saved: UTF-8, or Latin-1 for
 * the single-byte encodings the corpus uses (when every character fits). Undefined when it cannot be written so.
 */
function encodeAsDeclared(text: string): Buffer | undefined {
  const m = /^\ufeff?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(text);
  const enc = m?.[1].toLowerCase();
  if (!enc || enc === 'utf-8' || enc === 'utf8') return Buffer.from(text, 'utf8');
  if (enc === 'iso-8859-1' || enc === 'latin1' || enc === 'us-ascii' || enc === 'windows-1252') {
    // windows-1252 differs from Latin-1 in 0x80–0x9F: leave those out.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff || (c >= 0x80 && c <= 0x9f) || (enc === 'us-ascii' && c > 0x7f)) return undefined;
    }
    return Buffer.from(text, 'latin1');
  }
  return undefined;
}

function seedFiles(): string[] {
  const dirs = [path.join(REPO, 'test', 'cases'), path.join(REPO, 'examples')];
  if (hasShared) dirs.push(path.join(SHARED, 'corpus'));
  return configFilesUnder(dirs, MAX_INPUT).sort();
}

/** The files (of `files`) for which xmllint reports a parser error; one xmllint process per batch. */
function libxml2Rejects(files: readonly string[]): Set<string> {
  const rejected = new Set<string>();
  for (let i = 0; i < files.length; i += 200) {
    const batch = files.slice(i, i + 200);
    const r = spawnSync('xmllint', ['--noout', '--nonet', ...batch], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const line of r.stderr.split('\n')) {
      const m = /^(.*?):\d+: parser error : /.exec(line);
      if (m) rejected.add(m[1]);
    }
  }
  return rejected;
}

describe('xml: agrees with libxml2 on well-formedness', () => {
  const available = hasXmllint();
  it('xmllint (libxml2-utils) is installed where the differential test must run', { skip: !available && !process.env.CI && 'xmllint not installed (Debian: libxml2-utils); CI installs it' }, () => {
    assert.ok(available, 'xmllint is required under CI (.ci/run installs libxml2-utils)');
  });

  it('rejects what libxml2 rejects, and accepts what it accepts (mutated real files)', { skip: !available && 'xmllint not installed' }, () => {
    const rand = mulberry32(SEED);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-xml-diff-'));
    try {
      const mutants: Array<{ file: string; text: string; from: string }> = [];
      for (const seedFile of seedFiles()) {
        const text = fs.readFileSync(seedFile, 'utf8');
        for (let k = 0; k < MUTANTS_PER_FILE; k++) {
          let m = mutate(text, rand);
          if (rand() < 0.3) m = mutate(m, rand);
          const bytes = encodeAsDeclared(m);
          if (!bytes) continue;
          const file = path.join(dir, `m${mutants.length}.xml`);
          fs.writeFileSync(file, bytes);
          mutants.push({ file, text: m, from: path.relative(path.resolve(REPO, '..'), seedFile) });
        }
      }
      const rejected = libxml2Rejects(mutants.map((m) => m.file));
      const missed: string[] = [];
      const extra: string[] = [];
      for (const m of mutants) {
        const doc = parseXml(m.text);
        const ours = doc.errors.filter((e) => e.severity === 'error');
        const theirs = rejected.has(m.file);
        if (theirs && !ours.length) missed.push(`${m.from} -> ${path.basename(m.file)}`);
        if (!theirs && ours.length && !ours.every((e) => STRICTER_THAN_LIBXML2.some((s) => s.message.test(e.message)))) {
          extra.push(`${m.from} -> ${path.basename(m.file)}: ${ours[0].message}`);
        }
      }
      const keep = process.env.XML_DIFF_KEEP;
      assert.ok(rejected.size > mutants.length / 10, `libxml2 rejected ${rejected.size} of ${mutants.length} mutants: the mutations should break many files`);
      assert.deepEqual(missed.slice(0, 10), [], `${missed.length} mutants libxml2 rejects passed our parser${keep ? '' : ' (XML_DIFF_KEEP=1 keeps the files)'}`);
      assert.deepEqual(extra.slice(0, 10), [], `${extra.length} mutants libxml2 accepts got an error from our parser`);
    } finally {
      if (!process.env.XML_DIFF_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
