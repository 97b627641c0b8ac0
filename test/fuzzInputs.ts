/**
 * The fuzz set: real configuration files (the rule cases under test/cases and, when present, ../shared/corpus) and
 * the mutations fuzz.test.ts applies to them (byte deletions, insertions, truncations, swapped quotes, random tags).
 * Shared by fuzz.test.ts and the fix-result check (fixResults.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { REPO, SHARED, configFilesUnder, hasShared } from './helpers';

/** Larger inputs are left out: each run analyses the mutant and every fix's result. */
export const MAX_INPUT = 40_000;

export interface Input { readonly name: string; readonly fileName: string; readonly text: string; }

export function loadInputs(): Input[] {
  const files = configFilesUnder([path.join(REPO, 'test', 'cases'), ...(hasShared ? [path.join(SHARED, 'corpus')] : [])]);
  const inputs: Input[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (text.length > MAX_INPUT) continue;
    // The name decides the file kind: corpus files are named after their source, so tell the kind explicitly.
    const lower = f.toLowerCase();
    const fileName = /applicationhost/.test(lower) || /<system\.applicationHost>/.test(text) ? 'applicationHost.config' : 'web.config';
    inputs.push({ name: path.relative(path.resolve(REPO, '..'), f), fileName, text });
  }
  return inputs;
}

const TAG_NAMES = ['location', 'system.webServer', 'security', 'authentication', 'anonymousAuthentication', 'add', 'remove', 'clear',
  'iisClientCertificateMappingAuthentication', 'oneToOneMappings', 'access', 'handlers', 'configuration', 'site', 'application', 'x', 'Add'];
const ATTR_NAMES = ['path', 'name', 'value', 'enabled', 'sslFlags', 'overrideMode', 'certificate', 'userName', 'password', 'type', 'lockItem'];
const TOKENS = ['<', '>', '/>', '</', '"', "'", '=', '&', '&amp;', '&#0;', '&#x110000;', '&unknown;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>',
  '<!DOCTYPE x [<!ENTITY e "v">]>', '\u0000', '\r\n', '\t', ' ', 'true', 'false', '%', '\ufeff', '\ud800'];

export type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapQuote'; nth: number }
  | { kind: 'tag'; at: number; text: string };

const tagText = fc.tuple(fc.constantFrom(...TAG_NAMES), fc.array(fc.tuple(fc.constantFrom(...ATTR_NAMES), fc.string({ maxLength: 12 })), { maxLength: 3 }), fc.constantFrom('open', 'close', 'empty'))
  .map(([name, attrs, form]) => {
    const a = attrs.map(([n, v]) => ` ${n}="${v.replace(/["<&]/g, '')}"`).join('');
    return form === 'close' ? `</${name}>` : form === 'empty' ? `<${name}${a} />` : `<${name}${a}>`;
  });

/** Positions are fractions of the text length, so one mutation fits any input. */
const frac = fc.double({ min: 0, max: 1, noNaN: true });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: frac, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: frac, text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('swapQuote' as const), nth: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('tag' as const), at: frac, text: tagText }),
);

function pos(text: string, at: number): number {
  return Math.min(text.length, Math.floor(at * (text.length + 1)));
}

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    switch (m.kind) {
      case 'delete': { const p = pos(s, m.at); s = s.slice(0, p) + s.slice(p + m.length); break; }
      case 'insert': case 'tag': { const p = pos(s, m.at); s = s.slice(0, p) + m.text + s.slice(p); break; }
      case 'truncate': s = s.slice(0, pos(s, m.at)); break;
      case 'swapQuote': {
        const quotes: number[] = [];
        for (let i = 0; i < s.length && quotes.length <= m.nth; i++) if (s[i] === '"' || s[i] === "'") quotes.push(i);
        if (quotes.length) {
          const q = quotes[m.nth % quotes.length];
          s = s.slice(0, q) + (s[q] === '"' ? "'" : '"') + s.slice(q + 1);
        }
        break;
      }
    }
  }
  return s;
}

