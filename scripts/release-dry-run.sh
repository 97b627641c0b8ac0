#!/bin/sh
# What .github/workflows/release.yml does, up to the uploads, without tokens: the workflow parses and names only
# scripts and tools that exist; vsce packages the .vsix (both builds); the vsce and ovsx publish commands accept the
# options the workflow passes; npm publish --dry-run shows the npm package (bin/ and the bundles, no dependency).
# The uploads and `ovsx verify-pat` need a token and the registries' hosts, which this machine does not reach.
# usage: sh scripts/release-dry-run.sh        (after npm ci)
# exit: 0 ok, 1 a check failed
set -u
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/iis-release.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
VERSION=$(node -p 'require("./package.json").version')

echo "== workflow"
python3 - .github/workflows/release.yml <<'PY' || fail "release.yml"
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get(True) or w.get('on')  # YAML 1.1 reads the key `on` as true
assert on['push']['tags'], 'no tag trigger'
steps = w['jobs']['release']['steps']
runs = ' | '.join(s.get('run', '') for s in steps)
for needed in ['npm test', 'scripts/package.js', 'vsce publish', 'ovsx publish', 'npm publish']:
    assert needed in runs, f'no step runs {needed}'
secrets = {v for s in steps for v in (s.get('env') or {}).values() if 'secrets.' in str(v)}
assert secrets == {'${{ secrets.VSCE_PAT }}', '${{ secrets.OVSX_PAT }}', '${{ secrets.NPM_TOKEN }}'}, secrets
print(f'release.yml: {len(steps)} steps, tokens from {sorted(secrets)}')
PY
[ -f scripts/package.js ] || fail "scripts/package.js missing"

echo "== vsce package"
node scripts/package.js --out "$T/iis-config-$VERSION.vsix" > "$T/package.log" 2>&1 || { cat "$T/package.log"; fail "vsce package"; }
tail -1 "$T/package.log"
for f in extension/dist/extension.js extension/dist/server.js extension/dist/web/extension.js extension/dist/web/server.js extension/media/icon.png; do
  unzip -l "$T/iis-config-$VERSION.vsix" | grep -q " $f\$" || fail "$f not in the .vsix"
done
unzip -p "$T/iis-config-$VERSION.vsix" extension/readme.md | grep -q 'https://github.com/iis-config/iis-config/raw/HEAD/docs/images/' || fail "README images not pointed at the repository"
! unzip -p "$T/iis-config-$VERSION.vsix" extension.vsixmanifest extension/package.json | grep -q 'example.invalid' || fail "example.invalid in the manifest"
echo "vsce: $(npx vsce --version)"
npx vsce publish --help | grep -q -- '--packagePath' || fail "vsce publish has no --packagePath"
npx vsce publish --help | grep -q -- '--no-dependencies' || fail "vsce publish has no --no-dependencies"

echo "== ovsx"
echo "ovsx: $(npx ovsx --version)"
npx ovsx publish --help > "$T/ovsx.txt" 2>&1 || fail "ovsx publish --help"
grep -q -- '--packagePath' "$T/ovsx.txt" && grep -q -- '--skip-duplicate' "$T/ovsx.txt" || fail "ovsx publish lacks --packagePath or --skip-duplicate"
npx ovsx verify-pat --help > /dev/null 2>&1 || fail "ovsx verify-pat --help"
echo "ovsx publish accepts --packagePath and --skip-duplicate (verify-pat and the upload need a token and open-vsx.org)"

echo "== npm publish --dry-run"
npm publish --dry-run --access public > "$T/npm.log" 2>&1 || { cat "$T/npm.log"; fail "npm publish --dry-run"; }
grep -E 'Tarball Contents|total files|package size|unpacked size|bin/|dist/' "$T/npm.log" | sed 's/^npm notice //'
grep -q 'dist/cli.js' "$T/npm.log" && grep -q 'bin/iis-config-lint' "$T/npm.log" || fail "the npm package lacks the CLI"
node -e 'const p = require("./package.json"); if (Object.keys(p.dependencies || {}).length) { console.error("runtime dependencies:", p.dependencies); process.exit(1); }' || fail "the npm package would install dependencies"
echo "RESULT PASS: release dry run"
