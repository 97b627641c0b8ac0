#!/bin/sh
# The Neovim configuration of docs/EDITORS.md, as a user pastes it into init.lua, in headless Neovim: the block between
# <!-- nvim-snippet:start --> and <!-- nvim-snippet:end --> is the whole init.lua (plus a check after it), with this
# checkout's bin/ on the PATH; opening the fixture must attach the server and bring its diagnostics. Run on Debian's
# Neovim (0.7.2, without vim.lsp.start) in CI; the snippet takes the vim.lsp.start branch on 0.8+.
# usage: sh scripts/nvim/check-snippet.sh        (after npm run compile; needs nvim)
# exit: 0 pass, 1 a check failed, 2 could not run
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v nvim > /dev/null || { echo "nvim not found (apt-get install neovim)" >&2; exit 2; }
X=$(mktemp -d "${TMPDIR:-/tmp}/nvim-snippet.XXXXXX")
sed -n '/<!-- nvim-snippet:start -->/,/<!-- nvim-snippet:end -->/p' "$ROOT/docs/EDITORS.md" | sed '1,2d;$d' | sed '$d' > "$X/init.lua"
[ -s "$X/init.lua" ] || { echo "no snippet in docs/EDITORS.md" >&2; rm -rf "$X"; exit 2; }
cat >> "$X/init.lua" <<'LUA'
-- The check (not part of the snippet): wait for the server's diagnostics on the opened file.
vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = function()
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local clients = vim.lsp.get_active_clients()
  io.stdout:write(('nvim %s: %d client(s) (%s), %d diagnostic(s)\n'):format(tostring(vim.version().major .. '.' .. vim.version().minor),
    #clients, clients[1] and clients[1].name or '-', #vim.diagnostic.get(buf)))
  for _, d in ipairs(vim.diagnostic.get(buf)) do io.stdout:write(('DIAG %d:%d severity=%d code=%s %s\n'):format(d.lnum + 1, d.col + 1, d.severity, tostring(d.code), d.message)) end
  local sev = (vim.diagnostic.get(buf)[1] or {}).severity
  -- The snippet's setting raises ignored-at-level to an error: the server read it.
  local pass = ok and clients[1] and clients[1].name == 'iis-config' and sev == vim.diagnostic.severity.ERROR
  io.stdout:write(pass and 'RESULT PASS\n' or 'RESULT FAIL\n')
  for _, c in ipairs(clients) do c.stop() end
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd(pass and 'qall!' or 'cquit 1')
end })
LUA
PATH=$ROOT/bin:$PATH XDG_CONFIG_HOME=$X/config XDG_DATA_HOME=$X/data XDG_STATE_HOME=$X/state XDG_CACHE_HOME=$X/cache \
  timeout 60 nvim --headless -n -i NONE -u "$X/init.lua" "$ROOT/test/fixtures/workspace/applicationHost.config"
RC=$?
rm -rf "$X"
[ $RC -le 2 ] || RC=2
exit $RC
