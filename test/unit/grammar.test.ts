/**
 * The TextMate injection grammar (syntaxes/iis-config.injection.tmLanguage.json), tokenized as VS Code
 * does it: vscode-textmate + vscode-oniguruma, VS Code's own XML grammar, and ours injected into text.xml.
 * It must add IIS scopes (encrypted values, %ENV% variables, xdt: attributes) and leave XML's in place.
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { REPO } from '../helpers';

const OURS = path.join(REPO, 'syntaxes', 'iis-config.injection.tmLanguage.json');
const XML = path.join(REPO, 'test', 'fixtures', 'grammars', 'xml.tmLanguage.json');

const SAMPLE = [
  '<?xml version="1.0"?>',
  '<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">',
  '  <!-- %NotAVariable% and [enc:X:y:enc] in a comment stay a comment -->',
  '  <system.applicationHost>',
  '    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />',
  '    <add userName="svc" password="[enc:IISCngProvider:AAECAw==:enc]" />',
  '  </system.applicationHost>',
  '  <appSettings>',
  '    <add key="Mode" value="Release" xdt:Transform="SetAttributes(value)" xdt:Locator="Match(key)" />',
  '    <add key="Old" xdt:Transform="Remove" />',
  '    <add key="Quiet" xdt:SupressWarnings="true" />',
  '  </appSettings>',
  '</configuration>',
];

interface Token { text: string; scopes: string[] }
let lines: Token[][] = [];

async function tokenize(): Promise<Token[][]> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = scopeName === 'text.xml' ? XML : scopeName === 'iis-config.injection' ? OURS : undefined;
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    // What contributes.grammars[].injectTo does in VS Code.
    getInjections: (scopeName: string) => (scopeName === 'text.xml' ? ['iis-config.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('text.xml');
  assert.ok(grammar);
  let stack = vsctm.INITIAL;
  return SAMPLE.map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the token that starts at the first occurrence of `text` on the 0-based line `line`. */
function scopesOf(line: number, text: string): string[] {
  const tokens = lines[line];
  let at = 0;
  const start = SAMPLE[line].indexOf(text);
  assert.ok(start >= 0, `${text} not on line ${line}`);
  for (const t of tokens) {
    if (at <= start && start < at + t.text.length) return t.scopes;
    at += t.text.length;
  }
  throw new Error(`no token at ${text}`);
}

function has(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

describe('TextMate injection grammar', () => {
  before(async () => { lines = await tokenize(); });

  it('is declared in package.json as an injection into text.xml, not as a grammar of its own', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const g = JSON.parse(fs.readFileSync(OURS, 'utf8'));
    const entry = pkg.contributes.grammars.find((x: { path: string }) => path.resolve(REPO, x.path) === OURS);
    assert.ok(entry, 'contributes.grammars has no entry for the injection grammar');
    assert.deepEqual(entry.injectTo, ['text.xml']);
    assert.equal(entry.language, undefined, 'a language would replace the XML grammar');
    assert.equal(entry.scopeName, g.scopeName);
    assert.match(g.injectionSelector, /^L:text\.xml\b/);
  });

  it('%ENV% variables inside attribute values, still inside XML strings', () => {
    const s = scopesOf(4, 'SystemDrive');
    assert.ok(has(s, 'variable.other.environment.iis-config'), s.join(' '));
    assert.ok(has(s, 'string.quoted.double.xml'), 'the XML string scope is kept');
    assert.ok(has(scopesOf(4, '%SystemDrive%'), 'punctuation.definition.variable.begin.iis-config'));
    assert.ok(!has(scopesOf(4, '\\inetpub'), 'variable.other.environment.iis-config'), 'only the variable');
  });

  it('encrypted values: markers, provider and payload', () => {
    assert.ok(has(scopesOf(5, '[enc:'), 'keyword.other.encrypted.begin.iis-config'));
    assert.ok(has(scopesOf(5, 'IISCngProvider'), 'entity.name.type.provider.iis-config'));
    assert.ok(has(scopesOf(5, 'AAECAw=='), 'constant.other.encrypted.payload.iis-config'));
    assert.ok(has(scopesOf(5, ':enc]'), 'keyword.other.encrypted.end.iis-config'));
    assert.ok(has(scopesOf(5, 'AAECAw=='), 'string.quoted.double.xml'));
  });

  it('xdt: attributes: the namespace, the verb and its arguments', () => {
    assert.ok(has(scopesOf(8, 'xdt:Transform'), 'entity.other.attribute-name.namespace.xdt.iis-config'));
    assert.ok(has(scopesOf(8, 'SetAttributes'), 'support.function.xdt.iis-config'));
    assert.ok(has(scopesOf(8, 'value)'), 'variable.parameter.xdt.iis-config'));
    assert.ok(has(scopesOf(8, 'Match'), 'support.function.xdt.iis-config'));
    assert.ok(has(scopesOf(9, 'Remove'), 'support.function.xdt.iis-config'));
    assert.ok(has(scopesOf(10, 'xdt:SupressWarnings'), 'entity.other.attribute-name.namespace.xdt.iis-config'));
    // The ordinary attributes around them are XML's.
    assert.ok(has(scopesOf(8, 'key='), 'entity.other.attribute-name.localname.xml'));
    assert.ok(has(scopesOf(8, '"Release"'), 'string.quoted.double.xml'));
  });

  it('plain XML keeps its scopes; comments are left alone', () => {
    assert.ok(has(scopesOf(4, 'virtualDirectory'), 'entity.name.tag.localname.xml'));
    assert.ok(has(scopesOf(1, 'xmlns'), 'entity.other.attribute-name.namespace.xml') || has(scopesOf(1, 'xmlns'), 'entity.other.attribute-name.xml'));
    const comment = lines[2].filter((t) => !has(t.scopes, 'comment.block.xml') && t.text.trim() !== '');
    assert.deepEqual(comment.map((t) => t.text), [], 'everything in the comment line is comment');
    assert.ok(!lines[2].some((t) => t.scopes.some((s) => s.endsWith('.iis-config'))), 'no IIS scopes inside comments');
  });
});
