/** The tolerant XML syntax layer: exact offsets, recovery, errors, and input that must never break it. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseXml, elementAt, walkElements, getAttribute, XmlElement, decodeAttributeValue } from '../../server/src/syntax/xml';
import { LineIndex } from '../../server/src/syntax/lineIndex';
import { offsetOf } from '../helpers';

function only(text: string, name: string): XmlElement {
  const found: XmlElement[] = [];
  walkElements(parseXml(text), (e) => { if (e.name === name) found.push(e); });
  assert.equal(found.length, 1, `one <${name}>`);
  return found[0];
}

describe('xml: offsets', () => {
  const text = '<?xml version="1.0"?>\n<configuration>\n  <location path="Site/App" overrideMode=\'Allow\'>\n    <add  key = "a&amp;b" />\n  </location>\n</configuration>\n';
  const doc = parseXml(text);

  it('parses a well-formed document without errors', () => {
    assert.deepEqual(doc.errors, []);
    assert.equal(doc.wellFormed, true);
    assert.equal(doc.root?.name, 'configuration');
  });

  it('gives exact offsets for element names, start and end tags', () => {
    const loc = only(text, 'location');
    assert.equal(loc.start, offsetOf(text, '<location'));
    assert.equal(text.slice(loc.nameStart, loc.nameEnd), 'location');
    assert.equal(text.slice(loc.endTagStart, loc.end), '</location>');
    assert.equal(text[loc.startTagEnd - 1], '>');
    assert.equal(loc.closed, true);
    assert.equal(loc.selfClosing, false);
  });

  it('gives exact offsets for attribute names and raw values, and decodes entities', () => {
    const add = only(text, 'add');
    const key = getAttribute(add, 'key')!;
    assert.equal(text.slice(key.nameStart, key.nameEnd), 'key');
    assert.equal(text.slice(key.valueStart, key.valueEnd), 'a&amp;b');
    assert.equal(key.rawValue, 'a&amp;b');
    assert.equal(key.value, 'a&b');
    assert.equal(key.quote, '"');
    assert.equal(text.slice(key.start, key.end), 'key = "a&amp;b"');
    const mode = getAttribute(only(text, 'location'), 'overrideMode')!;
    assert.equal(mode.quote, "'");
    assert.equal(mode.value, 'Allow');
    assert.equal(add.selfClosing, true);
  });

  it('finds the innermost element at an offset', () => {
    assert.equal(elementAt(doc, offsetOf(text, 'key'))?.name, 'add');
    assert.equal(elementAt(doc, offsetOf(text, 'overrideMode'))?.name, 'location');
    assert.equal(elementAt(doc, offsetOf(text, '</configuration>') + 3)?.name, 'configuration');
    assert.equal(elementAt(doc, 2), undefined);
  });

  it('normalises whitespace in attribute values as XML requires', () => {
    assert.equal(decodeAttributeValue('a\r\nb\tc&#x41;&#66;&lt;'), 'a b cAB<');
  });
});

describe('xml: errors and recovery', () => {
  function errors(text: string): Array<{ message: string; at: string }> {
    return parseXml(text).errors.map((e) => ({ message: e.message, at: text.slice(e.start, e.end) }));
  }

  it('reports an unclosed element at its name and still parses what follows', () => {
    const text = '<configuration>\n  <system.webServer>\n    <handlers>\n  </system.webServer>\n  <appSettings><add key="k" value="v" /></appSettings>\n</configuration>';
    const doc = parseXml(text);
    const errs = errors(text);
    assert.equal(errs.length, 1);
    assert.match(errs[0].message, /<handlers> is not closed before <\/system.webServer>/);
    assert.equal(errs[0].at, 'handlers');
    // The rest of the file is still a tree: appSettings is a child of configuration.
    assert.equal(only(text, 'appSettings').parent?.name, 'configuration');
    assert.equal(doc.root?.closed, true);
  });

  it('reports a stray end tag and ignores it', () => {
    const text = '<configuration><a></b></a></configuration>';
    const errs = errors(text);
    assert.deepEqual(errs.map((e) => e.at), ['b']);
    assert.match(errs[0].message, /no matching start tag/);
  });

  it('treats an unterminated start tag as empty so siblings are not swallowed', () => {
    const text = '<configuration>\n  <add key="a"\n  <add key="b" />\n</configuration>';
    const doc = parseXml(text);
    assert.equal(doc.root?.children.filter((c) => c.type === 'element').length, 2);
    assert.match(errors(text)[0].message, /Start tag <add> is not closed/);
  });

  it('recovers from an unterminated attribute value at the next tag', () => {
    const text = '<configuration>\n  <add key="a />\n  <add key="b" />\n</configuration>';
    const doc = parseXml(text);
    const adds = doc.root!.children.filter((c) => c.type === 'element') as XmlElement[];
    assert.equal(adds.length, 2);
    assert.equal(getAttribute(adds[1], 'key')?.value, 'b');
    assert.ok(errors(text).some((e) => /not closed: expected "/.test(e.message)));
  });

  it('reports duplicate attributes, unquoted values, missing values, bad entities and lone ampersands', () => {
    const text = '<configuration a="1" a="2" b=3 c d="&bogus;" e="x & y" f="&#0;"></configuration>';
    const msgs = errors(text).map((e) => `${e.at} :: ${e.message}`);
    assert.ok(msgs.some((m) => /^a :: Attribute 'a' appears twice/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^3 :: .*must be in quotes/.test(m)));
    assert.ok(msgs.some((m) => /^c :: Attribute 'c' has no value/.test(m)));
    assert.ok(msgs.some((m) => /^&bogus; :: Unknown entity/.test(m)));
    assert.ok(msgs.some((m) => /^& :: '&' must start an entity reference/.test(m)));
    assert.ok(msgs.some((m) => /^&#0; :: .*not allow/.test(m)));
  });

  it('requires the XML declaration to come first', () => {
    const errs = errors('\n <?xml version="1.0"?><configuration/>');
    assert.equal(errs.length, 1);
    assert.equal(errs[0].at, '<?xml');
    assert.deepEqual(errors('\ufeff<?xml version="1.0"?><configuration/>'), []);
  });

  it('reports text outside the root element and a second root', () => {
    const msgs = errors('junk<configuration/><second/> tail').map((e) => e.message);
    assert.ok(msgs.some((m) => /Text before the root/.test(m)));
    assert.ok(msgs.some((m) => /Only one root element/.test(m)));
    assert.ok(msgs.some((m) => /Text after the root/.test(m)));
  });

  it('reports truncated files at every open element', () => {
    const text = '<configuration>\n  <system.webServer>\n    <handlers>\n      <add name="x" path="*.y"';
    const errs = errors(text);
    assert.ok(errs.some((e) => e.at === 'add' && /not closed/.test(e.message)));
    assert.ok(errs.some((e) => e.at === 'handlers'));
    assert.ok(errs.some((e) => e.at === 'configuration'));
    for (const e of parseXml(text).errors) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
  });

  it('says clearly when a file is empty, not XML, or binary', () => {
    assert.match(parseXml('').errors[0].message, /empty/);
    assert.match(parseXml('   \n').errors[0].message, /empty/);
    assert.match(parseXml('hello world').errors.map((e) => e.message).join(' '), /not look like an XML document/);
    const bin = parseXml('\u0000\u0001\u0002PK\u0003\u0004');
    assert.ok(bin.errors.some((e) => /binary/.test(e.message)));
  });

  it('caps the number of reported errors', () => {
    const text = '<configuration>' + '<a b=1>'.repeat(1000) + '</configuration>';
    const doc = parseXml(text, { maxErrors: 50 });
    assert.equal(doc.errors.length, 51);
    assert.match(doc.errors[50].message, /Too many/);
  });
});

describe('xml: constructs that must be accepted', () => {
  it('comments, CDATA, processing instructions, CRLF, BOM', () => {
    const text = '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<?xml-stylesheet href="a.xsl"?>\r\n<!-- c1 -->\r\n<configuration><!-- c2 --><a><![CDATA[<not a tag> & ]]></a><?pi data?></configuration>\r\n<!-- c3 -->\r\n';
    const doc = parseXml(text);
    assert.deepEqual(doc.errors, []);
    assert.equal(doc.root?.name, 'configuration');
  });

  it('DOCTYPE with internal entities is skipped and never expanded', () => {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const text = `${lol}\n<configuration><a v="&lol2;">&lol2;</a></configuration>`;
    const doc = parseXml(text);
    assert.equal(doc.wellFormed, true);
    assert.ok(doc.errors.every((e) => e.severity === 'info'));
    assert.ok(doc.errors.some((e) => /DOCTYPE is not processed/.test(e.message)));
    const a = only(text, 'a');
    assert.equal(getAttribute(a, 'v')?.value, '&lol2;'); // left as written
  });

  it('external entities are never read', () => {
    const text = '<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><configuration a="&xxe;"/>';
    const doc = parseXml(text);
    assert.equal(getAttribute(doc.root!, 'a')?.value, '&xxe;');
  });

  it('100,000 levels of nesting parse without a stack overflow', () => {
    const depth = 100000;
    const text = '<configuration>' + '<a>'.repeat(depth) + '</a>'.repeat(depth) + '</configuration>';
    const doc = parseXml(text);
    assert.deepEqual(doc.errors, []);
    let n = 0;
    walkElements(doc, () => { n++; });
    assert.equal(n, depth + 1);
    assert.equal(elementAt(doc, text.length / 2)?.name, 'a');
  });
});

describe('line index', () => {
  it('maps offsets and positions both ways across LF, CRLF and CR', () => {
    const text = 'ab\r\ncd\nef\rgh';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 4);
    for (let o = 0; o <= text.length; o++) {
      const p = idx.positionAt(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between CR and LF is not addressable
      assert.equal(idx.offsetAt(p), o, `offset ${o}`);
    }
    assert.deepEqual(idx.positionAt(text.indexOf('g')), { line: 3, character: 0 });
  });
});

describe('xml: what XML forbids is an error (IIS answers 500.19 "not well-formed")', () => {
  const errs = (text: string) => parseXml(text).errors.filter((e) => e.severity === 'error').map((e) => ({ message: e.message, at: text.slice(e.start, e.end) }));
  const cases: Array<[string, string, RegExp, string?]> = [
    ['version not 1.0', '<?xml version="2.0"?><configuration/>', /is not an XML version|not supported/, '2.0'],
    ['version not a number', '<?xml version="abc"?><configuration/>', /"abc" is not an XML version/, 'abc'],
    ['version 1.1 (.NET reads only 1.0)', '<?xml version="1.1"?><configuration/>', /XML version "1.1" is not supported/, '1.1'],
    ['no version', '<?xml encoding="utf-8"?><configuration/>', /needs a version|Malformed XML declaration/],
    ['no space between pseudo-attributes', '<?xml version="1.0"encoding="utf-8"?><configuration/>', /Malformed XML declaration/],
    ['encoding name with a space', '<?xml version="1.0" encoding="ut f"?><configuration/>', /is not an encoding name/, 'ut f'],
    ['unknown encoding', '<?xml version="1.0" encoding="utf-9"?><configuration/>', /Unknown encoding "utf-9"/, 'utf-9'],
    ['standalone other than yes/no', '<?xml version="1.0" standalone="maybe"?><configuration/>', /standalone must be "yes" or "no"/, 'maybe'],
    ['declaration not at the start', '<configuration><?xml version="1.0"?></configuration>', /must be the very first thing/],
    ['U+000B in text', '<configuration>a\u000bb</configuration>', /U\+000B is not allowed/, '\u000b'],
    ['U+000B in a comment', '<configuration><!-- a\u000bb --></configuration>', /U\+000B is not allowed/, '\u000b'],
    ['U+FFFE in a processing instruction', '<configuration><?pi \ufffe?></configuration>', /U\+FFFE is not allowed/, '\ufffe'],
    ['U+FFFF in CDATA', '<configuration><![CDATA[\uffff]]></configuration>', /U\+FFFF is not allowed/, '\uffff'],
    ['a lone surrogate in text', '<configuration>\ud800x</configuration>', /Unpaired surrogate U\+D800/, '\ud800'],
    ['a lone surrogate in a value', '<configuration a="\udc00"/>', /Unpaired surrogate U\+DC00/, '\udc00'],
    ['a name character outside XML\'s classes (×)', '<configuration><a\u00d7b/></configuration>', /Unexpected character/],
    ['a name starting with a combining mark', '<configuration><\u0300a/></configuration>', /'<' must start a tag/],
    ['an undeclared entity', '<configuration>&nbsp;</configuration>', /Unknown entity '&nbsp;'/, '&nbsp;'],
    ['an entity the DOCTYPE does not declare', '<!DOCTYPE configuration [<!ENTITY a "x">]><configuration>&b;</configuration>', /Unknown entity '&b;'/, '&b;'],
    ['attributes without white space between them', '<configuration a="1"b="2"/>', /separated by white space/, 'b'],
    ['an end tag without a name', '<configuration><a></></a></configuration>', /An end tag needs the element's name/, '</>'],
    ['a comment started with one dash', '<configuration><!- note --></configuration>', /A comment starts with '<!--'/],
    ['a comment ending in --->', '<configuration><!-- note ---></configuration>', /may not end with '--->'/],
    ['lower-case doctype', '<!doctype configuration><configuration/>', /DOCTYPE must be written in capitals/],
  ];
  for (const [title, text, message, at] of cases) {
    it(title, () => {
      const found = errs(text);
      assert.ok(found.some((e) => message.test(e.message) && (at === undefined || e.at === at)), `${JSON.stringify(found)}`);
    });
  }

  it('accepts the twins: names, characters and declarations XML allows', () => {
    for (const text of [
      '<?xml version="1.0" encoding="utf-8" standalone="yes"?><configuration/>',
      "<?xml version='1.0' encoding='ISO-8859-1'?><configuration/>",
      '<?xml version="1.0" encoding="windows-1252"?>\n<configuration/>',
      '\ufeff<?xml version="1.0"?><configuration/>',
      '<configuration><a\u00b7b \u00e9t\u00e9="1" x.y-z="2" _:a="3"/><\u4e2d\u6587/><\ud840\udc00/></configuration>',
      '<configuration>\ud83d\ude00 &#x1F600; text</configuration>',
      '<!DOCTYPE configuration [<!ENTITY a "x">]><configuration>&a;</configuration>',
      '<!DOCTYPE configuration SYSTEM "c.dtd"><configuration>&b;</configuration>',
      '<configuration><!-- a - b --><?pi data?><![CDATA[ <&> ]]></configuration>',
      '<configuration a="1" b=\'2\'\n\tc = "3" />',
    ]) {
      assert.deepEqual(errs(text), [], text);
    }
  });
});
