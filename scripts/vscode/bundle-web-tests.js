#!/usr/bin/env node
// Bundles the VS Code suite for the web-worker extension host (test/vscode/suite/web.ts → out/test/vscode/web/suite.js):
// one CommonJS file with mocha's browser build and every test file, `vscode` left to the extension host.
// usage: node scripts/vscode/bundle-web-tests.js
'use strict';
const path = require('path');
const esbuild = require('esbuild');

esbuild.build({
  absWorkingDir: path.join(__dirname, '..', '..'),
  entryPoints: ['test/vscode/suite/web.ts'],
  outfile: 'out/test/vscode/web/suite.js',
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  mainFields: ['browser', 'module', 'main'],
  sourcemap: 'inline',
  logLevel: 'warning',
}).catch((e) => { console.error(e.message || e); process.exit(1); });
