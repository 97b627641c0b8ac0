#!/usr/bin/env node
// npm run package: build the .vsix with @vscode/vsce (its vscode:prepublish step bundles dist/ with esbuild
// in production mode), then list what went in and its size.
//
// usage: node scripts/package.js [--out FILE.vsix]
// README links and images are relative; vsce rewrites them to absolute URLs. It detects GitHub and GitLab
// repositories by itself; for any other `repository.url` we pass the base URLs derived from it.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg >= 0 ? process.argv[outArg + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));

const args = ['package', '--no-dependencies', '--out', out];
const repo = String((pkg.repository && pkg.repository.url) || pkg.repository || '').replace(/^git\+/, '').replace(/\.git$/, '');
if (repo && !/github\.com|gitlab\.com/.test(repo)) args.push('--baseContentUrl', `${repo}/blob/HEAD`, '--baseImagesUrl', `${repo}/raw/HEAD`);

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);

const list = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
const files = list.stdout.split('\n').filter(Boolean);
const size = fs.statSync(out).size;
console.log(`${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KiB, ${files.length} files: ${files.join(', ')}`);
