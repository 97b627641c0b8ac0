/**
 * Launcher of the VS Code integration suite with @vscode/test-electron, for machines that can download
 * VS Code (a laptop, a hosted CI runner): the SAME suite that scripts/vscode/run-vscode-tests.sh runs in
 * code-server offline. On Linux without a display run it under `xvfb-run -a`.
 *
 *   npm run test:vscode                       the development folder (extensionDevelopmentPath = repo)
 *   npm run test:vscode -- --vsix FILE.vsix   the packaged extension, installed into the test instance
 *
 * Offline (these machines) it stops at the download with `getaddrinfo ENOTFOUND`: expected.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runTests, downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath } from '@vscode/test-electron';

// The repository: the nearest folder above this file with a package.json (works from out/test/vscode/).
let root = __dirname;
while (!fs.existsSync(path.join(root, 'package.json')) && root !== path.dirname(root)) root = path.dirname(root);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const vsixArg = args.indexOf('--vsix');
  const vsix = vsixArg >= 0 ? path.resolve(args[vsixArg + 1]) : undefined;
  const version = process.env.VSCODE_VERSION || '1.139.1'; // the VS Code that code-server 4.139.1 serves offline
  const workspace = path.join(root, 'test', 'fixtures', 'workspace');
  const extensionTestsEnv: Record<string, string> = {};
  if (process.env.MOCHA_GREP) extensionTestsEnv.MOCHA_GREP = process.env.MOCHA_GREP;

  let extensionDevelopmentPath = root;
  const launchArgs = [workspace, '--disable-workspace-trust'];
  if (vsix) {
    // Install the package into a fresh extensions dir; the development path becomes an empty host
    // extension (VS Code needs one to run tests), so what is tested is the installed copy.
    const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const extensionsDir = path.join(root, '.vscode-test', 'extensions-installed');
    fs.rmSync(extensionsDir, { recursive: true, force: true });
    cp.execFileSync(cli, [...cliArgs.filter((a) => !a.startsWith('--extensions-dir')), '--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'inherit', shell: process.platform === 'win32' });
    extensionDevelopmentPath = path.join(root, 'test', 'vscode', 'host-extension');
    launchArgs.push('--extensions-dir', extensionsDir);
    extensionTestsEnv.IIS_CONFIG_EXPECT_INSTALLED = '1';
    await runTests({ vscodeExecutablePath, extensionDevelopmentPath, extensionTestsPath: path.join(__dirname, 'suite', 'index.js'), launchArgs, extensionTestsEnv });
    return;
  }
  launchArgs.push('--disable-extensions'); // only the extension under development (and built-ins)
  await runTests({ version, extensionDevelopmentPath, extensionTestsPath: path.join(__dirname, 'suite', 'index.js'), launchArgs, extensionTestsEnv });
}

main().catch((err) => {
  console.error('extension tests failed:', err);
  process.exit(1);
});
