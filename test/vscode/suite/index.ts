/**
 * extensionTestsPath entry point of the VS Code integration suite. VS Code loads the compiled
 * out/test/vscode/suite/index.js in the extension host and awaits run(); a rejection means "tests
 * failed". The same file serves both launchers: scripts/vscode/run-vscode-tests.sh (code-server +
 * headless Chromium, offline) and out/test/vscode/runTest.js (@vscode/test-electron, needs internet).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false, // the report is forwarded line by line: no ANSI codes
    timeout: 60000, // the first activation starts the language server
    grep: process.env.MOCHA_GREP, // a subset: --env '{"MOCHA_GREP":"hover"}'
  });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
