/**
 * extensionTestsPath entry point of the VS Code suite in the web-worker extension host (the web build). The same test
 * files as index.ts, bundled by scripts/vscode/bundle-web-tests.js with mocha's browser build: a web extension host
 * loads one file and has no file system to find tests in, so they are listed here (test/unit/vscode-suite.test.ts
 * checks that the list holds every *.test.ts of this folder).
 */
import { testEnv } from './helpers';

interface BrowserMocha {
  setup(options: Record<string, unknown>): BrowserMocha;
  grep(re: string): BrowserMocha;
  run(done: (failures: number) => void): unknown;
}

export const TEST_FILES: ReadonlyArray<readonly [string, () => unknown]> = [
  ['editor.test', () => require('./editor.test')],
  ['extension.test', () => require('./extension.test')],
  ['features.test', () => require('./features.test')],
  ['hierarchy.test', () => require('./hierarchy.test')],
  ['rewrite.test', () => require('./rewrite.test')],
  ['settings.test', () => require('./settings.test')],
];

export function run(): Promise<void> {
  // mocha's browser build reads location.search in run(); the web-worker extension host hides `location`.
  const g = globalThis as { location?: { search?: string } };
  if (!g.location) Object.defineProperty(globalThis, 'location', { value: { search: '', href: '' }, configurable: true });
  // mocha's browser build: `suite`/`test` become globals at setup; the test files are loaded after it.
  const mocha = require('mocha/mocha.js') as BrowserMocha;
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60000 });
  const grep = testEnv().MOCHA_GREP;
  if (grep) mocha.grep(grep);
  for (const [, load] of TEST_FILES) load();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
