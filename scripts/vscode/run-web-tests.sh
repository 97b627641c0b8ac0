#!/bin/sh
# Run the VS Code suite against the WEB build, in code-server's web-worker extension host (the extension host of
# VS Code for the Web): the same test files as the desktop run, bundled for the browser (bundle-web-tests.js), with
# the user setting remote.extensionKind putting the extension (and the test host) into the web-worker host.
#
# usage: sh scripts/vscode/run-web-tests.sh [EXTENSION_DIR] [runner options, e.g. --verbose]
#   EXTENSION_DIR  the development folder (default: the repository), or test/vscode/host-extension with
#                  CS_EXTENSIONS_DIR holding the installed .vsix (test-installed.sh --web does that)
# env: CODE_SERVER_HOME, IIS_CONFIG_EXPECT_INSTALLED=1 (the installed package is under test)
# exit: 0 passed, 1 a test failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 2
EXT=$ROOT
case ${1:-} in ""|--*) ;; *) EXT=$(realpath "$1"); shift ;; esac
[ -f dist/web/extension.js ] && [ -f dist/web/server.js ] || { echo "bundle first (npm run compile)" >&2; exit 2; }
node scripts/vscode/bundle-web-tests.js || exit 2
# VS Code runs the tests in the extension host of the extension whose folder holds the tests file: so the file goes
# into EXTENSION_DIR/out/web-tests/ (git-ignored). The web-worker extension host has no process.env: the suite reads
# the launcher's environment from a global set at the top of the file.
T=$EXT/out/web-tests
mkdir -p "$T"
ENV_JSON="{\"IIS_CONFIG_EXPECT_WEB\":\"1\",\"IIS_CONFIG_EXPECT_INSTALLED\":\"${IIS_CONFIG_EXPECT_INSTALLED:-0}\"}"
{ echo "globalThis.IIS_CONFIG_TEST_ENV = $ENV_JSON;"; cat out/test/vscode/web/suite.js; } > "$T/suite.js"
CS_EXTRA_SETTINGS='{"remote.extensionKind": {"iis-config.iis-config": ["web"], "iis-config.iis-config-test-host": ["web"]}}' \
  sh "$HERE/run-vscode-tests.sh" "$EXT" "$T/suite.js" test/fixtures/workspace "$@"
RC=$?
rm -rf "$T"
exit $RC
