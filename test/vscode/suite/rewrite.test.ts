/**
 * URL Rewrite in the editor: the code lens above <rules>, and IIS Config: Test URL against Rewrite Rules…
 * (the trace in a read-only editor beside the file, each rule's file:line a link to its line).
 */
import * as assert from './assert';
import * as vscode from 'vscode';
import { openFixture, testEnv, until } from './helpers';

suite('URL Rewrite', () => {
  test('a code lens above <rules> offers the test', async () => {
    const doc = await openFixture('Rewrite/web.config');
    const lenses = await until(() => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), 'the rewrite code lens');
    const lens = lenses.find((l) => l.command?.command === 'iisConfig.testRewriteRules');
    assert.ok(lens, `lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.strictEqual(lens.range.start.line, doc.getText().split('\n').findIndex((l) => l.trim() === '<rules>'));
    assert.match(lens.command!.title, /Test URL/);
  });

  test('Test URL against Rewrite Rules shows the trace, follows the redirect, and links each rule to its line', async () => {
    const doc = await openFixture('Rewrite/web.config');
    // The web build has the workspace's configuration files only: whether another file exists is undecided there until stated.
    const web = testEnv().IIS_CONFIG_EXPECT_WEB === '1';
    if (web) {
      const undecided = await until(() => vscode.commands.executeCommand<string | undefined>('iisConfig.testRewriteRules', doc.uri, 'http://localhost/dashboard/7'), 'the trace');
      assert.match(undecided, /is not a file: UNDECIDED/);
      assert.match(undecided, /final: undecided/);
    }
    const text = await until(() => vscode.commands.executeCommand<string | undefined>('iisConfig.testRewriteRules', doc.uri, `http://localhost/dashboard/7${web ? ' missing:/dashboard/7' : ''}`), 'the trace');
    assert.match(text, /1\. "Force HTTPS"  .*Rewrite\/web\.config:8/);
    assert.match(text, /→ Redirect 301 to https:\/\/localhost\/dashboard\/7/);
    assert.match(text, /condition \{REQUEST_FILENAME\} = ".*dashboard.7" is not a file: true \(does not exist\)/);
    assert.match(text, /final: Rewrite to \/index\.html/);
    // The editor that shows this trace (on the web an earlier one, undecided, is open too).
    const view = await until(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'iis-rewrite-trace' && e.document.getText() === text), 'the trace editor');
    const links = await until(() => vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', view.document.uri), 'links in the trace');
    const toRule = links.find((l) => view.document.getText(l.range).endsWith('web.config:8'));
    assert.ok(toRule?.target, `links: ${JSON.stringify(links.map((l) => view.document.getText(l.range)))}`);
    assert.strictEqual(toRule.target.path, doc.uri.path);
    assert.strictEqual(toRule.target.fragment, 'L8');
    // A file the workspace has (or, on the web, one stated to exist) is served as it is; missing: states it does not.
    const file = await vscode.commands.executeCommand<string>('iisConfig.testRewriteRules', doc.uri, `https://localhost/static/app.js${web ? ' exists:/static/app.js' : ''}`);
    assert.match(file, /final: no rule changed the URL/);
    const stated = await vscode.commands.executeCommand<string>('iisConfig.testRewriteRules', doc.uri, 'https://localhost/static/app.js missing:/static/app.js');
    assert.match(stated, /final: Rewrite to \/index\.html/);
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  });
});
