/**
 * Fixes write in the style of the file they write into (`styleOf`, syntax/format.ts): a section moved from a
 * web.config into applicationHost.config takes applicationHost.config's line ending and indentation unit, whatever
 * the web.config's, and so do the lines a fix creates there. Checked on the hierarchy-ops case with its two files
 * rewritten in opposite styles (LF and two spaces against CRLF and tabs, both ways), and on `restyle` itself.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, getCodeActions } from '../../server/src/analysis/analyze';
import { applyEdits } from '../../server/src/analysis/edits';
import { parseXml } from '../../server/src/syntax/xml';
import { protectedRanges, restyle, styleOf } from '../../server/src/syntax/format';
import { REPO, caseHierarchy, inventory, type Case } from '../helpers';

interface Style { readonly eol: string; readonly unit: string }
const LF2: Style = { eol: '\n', unit: '  ' };
const CRLF_TAB: Style = { eol: '\r\n', unit: '\t' };

/** `text` (indented by `fromUnit`, any line ending) rewritten with `style`'s unit and line ending. */
function inStyle(text: string, fromUnit: string, style: Style): string {
  return text.split(/\r\n|\r|\n/).map((line) => {
    let k = 0, units = 0;
    while (line.startsWith(fromUnit, k)) { k += fromUnit.length; units++; }
    return style.unit.repeat(units) + line.slice(k);
  }).join(style.eol);
}

/** The problems of `text` against `style`: line breaks of another kind, indentation made of anything but the unit. */
function styleProblems(text: string, style: Style): string[] {
  const out: string[] = [];
  const breaks = text.match(/\r\n|\r|\n/g) ?? [];
  const wrong = breaks.filter((b) => b !== style.eol).length;
  if (wrong) out.push(`${wrong} of ${breaks.length} line breaks are not ${JSON.stringify(style.eol)}`);
  text.split(style.eol).forEach((line, i) => {
    let k = 0;
    while (line.startsWith(style.unit, k)) k += style.unit.length;
    if (line[k] === ' ' || line[k] === '\t') out.push(`line ${i + 1} is indented with something other than ${JSON.stringify(style.unit)}: ${JSON.stringify(line)}`);
  });
  return out;
}

const CASE_DIR = path.join(REPO, 'test', 'cases', 'hierarchy-ops');
const WEB = path.join(CASE_DIR, 'ops', 'sites', 'shop', 'web.config');
const APPHOST = path.join(CASE_DIR, 'ops', 'server', 'applicationHost.config');
const CASE: Case = { description: 'style', workspace: 'ops', file: 'ops/sites/shop/web.config', diagnostics: [] } as unknown as Case;

function actionsFor(webStyle: Style, appHostStyle: Style) {
  // The moved section spans two lines (its attribute on a line of its own), so its inner indentation shows.
  const source = fs.readFileSync(WEB, 'utf8').replace(/^( *)<anonymousAuthentication enabled="false" \/>/m, '$1<anonymousAuthentication\n$1  enabled="false" />');
  const web = inStyle(source, '  ', webStyle);
  const appHost = inStyle(fs.readFileSync(APPHOST, 'utf8'), '    ', appHostStyle);
  const context = caseHierarchy(CASE_DIR, CASE, new Map([[WEB, web], [APPHOST, appHost]]));
  const analysis = analyzeDocument(web, { fileName: WEB, ...context });
  const actions = analysis.diagnostics.flatMap((d) => getCodeActions(analysis, d.start, d.end));
  return { web, appHost, analysis, actions };
}

describe('fixes write in the target file\'s style', () => {
  for (const [name, webStyle, appHostStyle] of [
    ['an LF, two-space web.config into a CRLF, tab-indented applicationHost.config', LF2, CRLF_TAB],
    ['a CRLF, tab-indented web.config into an LF, two-space applicationHost.config', CRLF_TAB, LF2],
  ] as const) {
    it(`Move into applicationHost.config: ${name}`, () => {
      const { web, appHost, actions } = actionsFor(webStyle, appHostStyle);
      assert.deepEqual(styleProblems(appHost, appHostStyle), [], 'the variant itself');
      const move = actions.find((a) => a.title.startsWith('Move <anonymousAuthentication> into applicationHost.config'));
      assert.ok(move && !move.disabledReason, `no move offered: ${actions.map((a) => a.title).join(' | ')}`);
      const [fe] = move.fileEdits ?? [];
      assert.ok(fe && fe.file === APPHOST);
      const after = applyEdits(appHost, fe.edits);
      assert.ok(parseXml(after).wellFormed);
      assert.deepEqual(styleProblems(after, appHostStyle), [], after);
      // The moved element sits at its depth: <configuration>/<location>/<system.webServer>/<security>/<authentication>.
      const u = appHostStyle.unit;
      assert.ok(after.includes(`${u}<location path="Shop">${appHostStyle.eol}${u}${u}<system.webServer>${appHostStyle.eol}${u.repeat(3)}<security>${appHostStyle.eol}${u.repeat(4)}<authentication>${appHostStyle.eol}${u.repeat(5)}<anonymousAuthentication${appHostStyle.eol}${u.repeat(6)}enabled="false" />${appHostStyle.eol}`), after);
      // The web.config keeps its own style where the section left.
      const webAfter = applyEdits(web, move.edits);
      assert.deepEqual(styleProblems(webAfter, webStyle), [], webAfter);
      assert.ok(!webAfter.includes('anonymousAuthentication'));
    });

    it(`Unlock in applicationHost.config: ${name}`, () => {
      const { appHost, actions } = actionsFor(webStyle, appHostStyle);
      const unlock = actions.find((a) => a.title.startsWith('Unlock <anonymousAuthentication>'));
      assert.ok(unlock && !unlock.disabledReason, `no unlock offered: ${actions.map((a) => a.title).join(' | ')}`);
      const after = applyEdits(appHost, unlock.fileEdits![0].edits);
      assert.ok(parseXml(after).wellFormed);
      assert.deepEqual(styleProblems(after, appHostStyle), [], after);
    });
  }

  it('a moved element with nested children, a multi-line value and a multi-line comment', () => {
    const source = [
      '<configuration>',
      '  <system.webServer>',
      '    <rewrite>',
      '      <rules>',
      '        <!-- first line',
      '             second line -->',
      '        <rule name="a" pattern="x',
      '          y">',
      '          <match url=".*" />',
      '',
      '        </rule>',
      '      </rules>',
      '    </rewrite>',
      '  </system.webServer>',
      '</configuration>',
    ].join('\n');
    const doc = parseXml(source);
    const rewrite = doc.root!.children.filter((c) => c.type === 'element')[0];
    const el = (rewrite as { children: readonly unknown[] }).children.find((c) => (c as { type: string }).type === 'element') as import('../../server/src/syntax/xml').XmlElement;
    assert.equal(el.name, 'rewrite');
    assert.deepEqual(styleOf(doc), { eol: '\n', unit: '  ' });
    const out = restyle(source, el.start, el.end, { indent: '    ', style: styleOf(doc) }, { indent: '\t\t\t', style: CRLF_TAB }, protectedRanges(el));
    assert.equal(out, [
      '<rewrite>',
      '\t\t\t\t<rules>',
      '\t\t\t\t\t<!-- first line',
      '             second line -->', // inside a comment: kept
      '\t\t\t\t\t<rule name="a" pattern="x',
      '          y">', // inside an attribute value: kept
      '\t\t\t\t\t\t<match url=".*" />',
      '', // a blank line stays blank
      '\t\t\t\t\t</rule>',
      '\t\t\t\t</rules>',
      '\t\t\t</rewrite>',
    ].join('\r\n'));
    // Nothing but layout changed: the same elements, attributes and comments.
    const wrapped = (t: string) => inventory(t.replace(/\r\n/g, '\n'));
    assert.deepEqual(wrapped(out), wrapped(source.slice(el.start, el.end)));
  });

  it('restyle on a 200,000-space indentation and 20,000 multi-line values', () => {
    const spaces = ' '.repeat(200_000);
    const text = `<a>\n${spaces}<b />\n${Array.from({ length: 20_000 }, (_, i) => `<c v="${i}\n" />`).join('\n')}\n</a>`;
    const doc = parseXml(text);
    const root = doc.root!;
    const out = restyle(text, root.start, root.end, { indent: '', style: LF2 }, { indent: '', style: CRLF_TAB }, protectedRanges(root));
    assert.ok(out.startsWith('<a>\r\n' + '\t'.repeat(100_000) + '<b />\r\n<c v="0\r\n" />\r\n'));
    assert.ok(out.endsWith('<c v="19999\r\n" />\r\n</a>'));
  });
});
