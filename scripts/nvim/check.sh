#!/bin/sh
# The language server in a real non-VS Code client: headless Neovim (Debian's neovim, 0.7.2) starts
# `iis-config-language-server --stdio` on the motivating case and checks, through Neovim's own LSP client:
#   1. the ignored-at-level diagnostic, the hover, and the move fix (applied; the diagnostic goes away)
#   2. the disable-next-line quick fix (applied; the diagnostic goes away)
# usage: sh scripts/nvim/check.sh        (after npm run compile; needs nvim: apt-get install neovim)
# exit: 0 pass, 1 a check failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v nvim > /dev/null || { echo "nvim not found (apt-get install neovim)" >&2; exit 2; }
FILE=$ROOT/test/fixtures/workspace/applicationHost.config
export LSP_CMD="node $ROOT/bin/iis-config-language-server --stdio"
export LSP_EXPECT_DIAG='^ignored%-at%-level .*is ignored here: IIS reads it only at server or site level %(<location path="Site">%)'
export LSP_EXPECT_HOVER='IIS reads it:%*%* at server and site level'
export LSP_EXPECT_CLEAN=1
RC=0
echo "== nvim $(nvim --version | head -1 | cut -d' ' -f2): move fix"
LSP_EXPECT_ACTION='^Move <iisClientCertificateMappingAuthentication> to site level' sh "$HERE/run-nvim-check.sh" "$FILE" || RC=$?
echo "== nvim: disable-next-line fix"
LSP_EXPECT_ACTION='^Disable ignored%-at%-level for this line$' sh "$HERE/run-nvim-check.sh" "$FILE" || { R=$?; [ $RC -ge $R ] || RC=$R; }
exit $RC
