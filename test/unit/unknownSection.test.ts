/** unknown-section with the declarations of a known server (as the CLI's --app-host or the hierarchy supplies them). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DeclarationSet, defaultDeclarations } from '../../server/src/iis/declarations';
import { analyze } from '../helpers';

const WEB = `<configuration>
  <system.webServer>
    <rewrite>
      <rules><rule name="spa"><match url=".*" /><action type="Rewrite" url="/" /></rule></rules>
    </rewrite>
    <iisnode watchedFiles="*.js" />
  </system.webServer>
</configuration>`;

describe('unknown-section on a known server', () => {
  it('a server without URL Rewrite declared: <rewrite> is an error naming and linking the module', () => {
    const withoutRewrite = new DeclarationSet([...defaultDeclarations().all()].filter((d) => !d.path.startsWith('system.webServer/rewrite/')));
    const a = analyze(WEB, 'web.config', { declarations: withoutRewrite });
    const d = a.diagnostics.filter((x) => x.code === 'unknown-section');
    assert.deepEqual(d.map((x) => [WEB.slice(x.start, x.end), x.severity]), [['rewrite', 'error'], ['iisnode', 'error']]);
    assert.match(d[0].message, /belongs to URL Rewrite, which is not declared here/);
    assert.match(d[0].detail ?? '', /URL Rewrite \(https:\/\/www\.iis\.net\/downloads\/microsoft\/url-rewrite\)/);
    assert.match(d[0].detail ?? '', /0x8007000d/);
  });

  it('the stock declarations know URL Rewrite: only the add-on outside them is mentioned, as information', () => {
    const a = analyze(WEB, 'web.config');
    assert.deepEqual(a.diagnostics.filter((x) => x.code === 'unknown-section').map((x) => [WEB.slice(x.start, x.end), x.severity]), [['iisnode', 'information']]);
  });
});
