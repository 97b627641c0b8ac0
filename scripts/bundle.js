#!/usr/bin/env node
// Bundles what runs into dist/ with esbuild: one file per process, dependencies included, so the packaged
// extension ships no node_modules and activates by loading one small file.
//
//   dist/extension.js  the VS Code client   (client/src/node/extension.ts; `vscode` stays external)
//   dist/server.js     the language server  (server/src/node/main.ts; also bin/iis-config-language-server)
//   dist/cli.js        iis-config-lint      (server/src/cli/lint.ts; also bin/iis-config-lint)
//   dist/web/extension.js  the VS Code client for the web (client/src/browser/extension.ts; package.json `browser`)
//   dist/web/server.js     the language server in a Web Worker (server/src/browser/main.ts; VS Code for the Web)
//
// The web bundle is built for the browser platform: a Node module reaching it fails the build (the engine and the
// protocol layer import none; test/unit/architecture.test.ts checks the sources).
//
// usage: node scripts/bundle.js [--production] [--watch]
//   --production  minified, no source maps (what `npm run package` ships)
//   --watch       rebuild on change (npm run watch runs it next to tsc --watch)
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  absWorkingDir: root,
  bundle: true,
  // vscode-languageserver-types ships UMD first in `main`; prefer its ES module build, which bundles cleanly.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
};

const node = {
  ...common,
  entryPoints: {
    extension: 'client/src/node/extension.ts',
    server: 'server/src/node/main.ts',
    cli: 'server/src/cli/lint.ts',
  },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  // VS Code 1.91 runs extensions on Node 20; the CLI and server need Node >= 20 (package.json engines).
  target: 'node20',
  external: ['vscode'],
};

// VS Code for the Web: browsers of the last two years (VS Code's own web target is ES2022).
const webCommon = {
  ...common,
  outdir: 'dist/web',
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
};
// The extension: CommonJS, as the web extension host loads it (`vscode` from its require).
const webExtension = { ...webCommon, entryPoints: { extension: 'client/src/browser/extension.ts' }, format: 'cjs', external: ['vscode'] };
// The server: a classic worker script (or evaluated in the extension host with a MessagePort; browser/main.ts).
const webServer = { ...webCommon, entryPoints: { server: 'server/src/browser/main.ts' }, format: 'iife' };

const builds = [node, webExtension, webServer];

function report(...results) {
  const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
  const lines = Object.keys(outputs).filter((f) => f.endsWith('.js')).sort()
    .map((f) => `${f} ${(outputs[f].bytes / 1024).toFixed(0)} KiB`);
  console.log(`bundled (${production ? 'production' : 'development'}): ${lines.join(', ')}`);
}

(async () => {
  // The built-in models' parse trees, which the bundles include (scripts/generate-model-snapshot.js).
  require('./generate-model-snapshot').main();
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context({
        ...options,
        plugins: [{ name: 'report', setup(b) { b.onEnd((r) => { if (r.metafile) report(r); }); } }],
      });
      await ctx.watch();
    }
    console.log('esbuild: watching for changes');
    return;
  }
  report(...await Promise.all(builds.map((options) => esbuild.build(options))));
  // A production build has no source maps: drop those a development build left, so none get packaged.
  if (production) {
    for (const dir of ['dist', 'dist/web']) {
      const d = path.join(root, dir);
      if (fs.existsSync(d)) for (const f of fs.readdirSync(d)) if (f.endsWith('.map')) fs.rmSync(path.join(d, f), { force: true });
    }
  }
})().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
