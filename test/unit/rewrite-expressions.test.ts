/** URL Rewrite expressions ({R:n}, {C:n}, {VAR}, {Func:…}, {Map:…}) and the site a URL's binding picks. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { EvaluationScope, evaluate, parseExpression, references } from '../../server/src/rewrite/expressions';
import { resolveRequest } from '../../server/src/rewrite/resolve';
import { readSites } from '../../server/src/hierarchy/levels';
import { parseXml } from '../../server/src/syntax/xml';

const scope = (vars: Record<string, string> = {}, maps: Record<string, Record<string, string>> = {}): EvaluationScope => ({
  rule: ['article/7', '7'], condition: ['www.foo.com', 'www.', 'foo.com'],
  variable: (n) => vars[n.toUpperCase()],
  lookup: (name, key) => (maps[name] ? { value: maps[name][key] ?? '' } : name === 'DB' ? { undecided: 'provider' } : 'no-such'),
});

describe('URL Rewrite expressions', () => {
  it('parses back-references, variables and nested calls with their offsets', () => {
    const e = parseExpression('https://{HTTP_HOST}/{ToLower:{R:1}}?x={C:2}');
    assert.deepEqual(references(e).map((r) => [r.kind, r.start, r.end]), [['variable', 8, 19], ['call', 20, 35], ['backref', 29, 34], ['backref', 38, 43]]);
    assert.equal(evaluate(e, scope({ HTTP_HOST: 'Example.com' })).value, 'https://Example.com/7?x=foo.com');
  });
  it('has no escape character: a } that closes nothing is text, {UrlDecode:%7B} gives a {', () => {
    const e = parseExpression('Products.aspx?Id={UrlDecode:%7B}{GuidMap:{R:0}}}');
    assert.equal(evaluate(e, scope({}, { GuidMap: { 'article/7': 'abc' } })).value, 'Products.aspx?Id={abc}');
  });
  it('keeps an unclosed { as text and reports it', () => {
    const e = parseExpression('a{HTTP_HOST');
    assert.deepEqual(e.unclosed, [1]);
    assert.equal(evaluate(e, scope()).value, 'a{HTTP_HOST');
  });
  it('maps give their value, a missing key the default (here empty); providers are undecided; unknown names are reported', () => {
    assert.equal(evaluate(parseExpression('{M:a}|{M:b}'), scope({}, { M: { a: '1' } })).value, '1|');
    assert.equal(evaluate(parseExpression('{DB:{R:1}}'), scope()).undecided, 'provider');
    assert.match(evaluate(parseExpression('{Nope:x}'), scope()).undecided ?? '', /names no rewrite map/);
  });
  it('string functions: ToLower, UrlDecode, UrlEncode, EscapeDataString, HtmlEncode', () => {
    const v = (s: string) => evaluate(parseExpression(s), scope()).value;
    assert.equal(v('{ToLower:DEFAULT.HTM}'), 'default.htm');
    assert.equal(v('{UrlDecode:r%C3%A9sum%C3%A9}'), 'résumé');
    assert.equal(v('{UrlEncode:a b/résumé}'), 'a%20b/r%C3%A9sum%C3%A9');
    assert.equal(v('{EscapeDataString:a b/c}'), 'a%20b%2Fc');
    assert.equal(v('{HtmlEncode:<b>}'), '&lt;b&gt;');
  });
  it('lists the variables a test did not give', () => {
    assert.deepEqual(evaluate(parseExpression('{HTTP_USER_AGENT}'), scope()).missing, ['HTTP_USER_AGENT']);
  });
});

describe('the site a URL picks', () => {
  const sites = readSites(parseXml(`<sites>
    <site name="Default"><application path="/"><virtualDirectory path="/" physicalPath="C:\\a" /></application>
      <bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site>
    <site name="Shop"><bindings><binding protocol="http" bindingInformation="*:80:shop.example.com" /><binding protocol="https" bindingInformation="10.0.0.1:443:shop.example.com" /></bindings></site>
    <site name="Alt"><bindings><binding protocol="http" bindingInformation="[::1]:8080:" /></bindings></site>
  </sites>`).root!);
  const site = (u: string) => resolveRequest(new URL(u), sites)?.site.name;
  it('a binding with the host name wins over one without; scheme and port must agree; the IP part is not compared', () => {
    assert.equal(site('http://shop.example.com/x'), 'Shop');
    assert.equal(site('http://other.example.com/x'), 'Default');
    assert.equal(site('https://shop.example.com/'), 'Shop');
    assert.equal(site('https://other.example.com/'), undefined);
    assert.equal(site('http://localhost:8080/'), 'Alt');
  });
  it('gives the configuration path: the site, then the decoded URL segments', () => {
    assert.deepEqual(resolveRequest(new URL('http://shop.example.com/a%20b/c/'), sites)?.configPath, ['Shop', 'a b', 'c']);
  });
});
