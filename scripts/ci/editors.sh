#!/usr/bin/env bash
# The real-editor part of CI, run by .ci/run after `npm test` (which compiled out/ and bundled dist/):
#
#   1. apt: neovim, unzip, python3-yaml when missing (chromium comes with step 2, also only when missing)
#   2. code-server 4.139.1 (VS Code 1.139.1 from npm) + Node 24 + playwright-core, FAST=1, into a cache outside
#      the repo (${XDG_CACHE_HOME:-~/.cache}/iis-config/code-server-4.139.1; a rerun with the same versions is a no-op)
#   3. the VS Code integration suite (test/vscode/suite) in code-server + headless Chromium, development folder
#   4. npm run package (.vsix) installed into code-server, and the same suite against the INSTALLED copy
#   5. the same suite against the WEB build in code-server's web-worker extension host (development folder and the
#      installed .vsix): there the server runs in the extension host over a MessageChannel
#   6. the web build's server in a real Web Worker in Chromium, answering as the desktop server (scripts/web/check-worker.js)
#   7. the packaged README in code-server's Extensions view, every image loaded (scripts/vscode/readme-page.sh)
#   8. headless Neovim against iis-config-language-server --stdio (diagnostic, hover, two quick fixes), and the
#      init.lua block of docs/EDITORS.md as a user pastes it
#   9. the release dry run (scripts/release-dry-run.sh: release.yml, vsce package, ovsx, npm publish --dry-run)
#  10. the npm package: npm pack, install the tarball in a temp dir, npx iis-config-lint --format sarif
#
# Every step runs even when an earlier one failed (unless it needs it); the exit status is 1 when any step
# failed. Prints each step's time and, last, the count of editor tests passed and failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/iis-ci.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
FAILED=()
TIMES=()

# step NAME COMMAND...: run, tee the output to a log, record the time and the outcome.
step() {
  local name=$1; shift
  local t0=$SECONDS
  echo
  echo "=== $name"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]}
  TIMES+=("$(printf '%-28s %4d s  %s' "$name" $((SECONDS - t0)) "$([ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)")")")
  [ "$rc" = 0 ] || FAILED+=("$name")
  return "$rc"
}

apt_missing() {
  local pkgs=()
  command -v nvim > /dev/null || pkgs+=(neovim)
  command -v unzip > /dev/null || pkgs+=(unzip)                        # the release dry run and readme-page read the .vsix
  python3 -c 'import yaml' 2> /dev/null || pkgs+=(python3-yaml)        # the release dry run parses release.yml
  [ ${#pkgs[@]} = 0 ] && { echo "neovim: $(nvim --version | head -1)"; return 0; }
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" > /dev/null && nvim --version | head -1
}

npx_from_package() {
  local t; t=$(mktemp -d "${TMPDIR:-/tmp}/iis-npm.XXXXXX")
  (
    set -e
    npm pack --silent --pack-destination "$t" > "$t/name"
    mkdir "$t/app" && cd "$t/app" && echo '{ "private": true }' > package.json
    npm install --silent --no-audit --no-fund "$t/$(tail -1 "$t/name")"
    echo "installed $(tail -1 "$t/name") ($(du -k "$t/$(tail -1 "$t/name")" | cut -f1) KiB packed); npx iis-config-lint:"
    rc=0; npx --no-install iis-config-lint --format sarif "$ROOT/test/fixtures/workspace/applicationHost.config" > "$t/out.sarif" || rc=$?
    [ "$rc" = 0 ] || { echo "exit $rc"; exit 1; }
    node -e '
      const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const results = log.runs[0].results;
      if (log.version !== "2.1.0" || !results.some((r) => r.ruleId === "ignored-at-level")) { console.error("unexpected SARIF"); process.exit(1); }
      console.log(`SARIF ${log.version}: ${log.runs[0].tool.driver.rules.length} rules, ${results.length} results (${results.map((r) => r.ruleId).join(", ")})`);
    ' "$t/out.sarif"
  )
  local rc=$?
  rm -rf "$t"
  return $rc
}

CS_HOME=${CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/iis-config/code-server-${CS_VERSION:-4.139.1}}
step apt-packages apt_missing
if step install-code-server env FAST=1 sh scripts/vscode/install-code-server.sh; then
  step vscode-dev-folder sh scripts/vscode/run-vscode-tests.sh . out/test/vscode/suite/index.js test/fixtures/workspace
  step vscode-installed-vsix sh scripts/vscode/test-installed.sh
  step vscode-web-dev-folder sh scripts/vscode/run-web-tests.sh
  step vscode-web-installed-vsix sh scripts/vscode/test-installed.sh --web
  step web-worker env NODE_PATH="$CS_HOME/node_modules" node scripts/web/check-worker.js
  step readme-page sh scripts/vscode/readme-page.sh
else
  FAILED+=(vscode-dev-folder vscode-installed-vsix vscode-web-dev-folder vscode-web-installed-vsix web-worker readme-page)
fi
step neovim sh -c "sh scripts/nvim/check.sh && sh scripts/nvim/check-snippet.sh"
step release-dry-run sh scripts/release-dry-run.sh
step npx-from-npm-package npx_from_package

echo
echo "=== editor steps"
printf '%s\n' "${TIMES[@]}"
passed=$(cat "$LOGS"/vscode-*.log 2>/dev/null | sed -n 's/^ *\([0-9]*\) passing.*/\1/p' | awk '{s+=$1} END {print s+0}')
failed=$(cat "$LOGS"/vscode-*.log 2>/dev/null | sed -n 's/^ *\([0-9]*\) failing.*/\1/p' | awk '{s+=$1} END {print s+0}')
passed=$((passed + $(cat "$LOGS/neovim.log" "$LOGS/web-worker.log" "$LOGS/readme-page.log" "$LOGS/release-dry-run.log" 2>/dev/null | grep -c '^RESULT PASS' || true)))
failed=$((failed + $(grep -c '^RESULT FAIL' "$LOGS/neovim.log" 2>/dev/null || true)))
[ ${#FAILED[@]} = 0 ] || echo "failed steps: ${FAILED[*]}"
echo "editor tests: $passed passed, $failed failed"
[ ${#FAILED[@]} = 0 ]
