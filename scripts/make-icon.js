#!/usr/bin/env node
// Draws media/icon.png (256×256, the Marketplace's and Open VSX's extension icon) from the SVG below with headless
// Chromium, so the icon is reproducible from the repository. usage: NODE_PATH=$CODE_SERVER_HOME/node_modules node scripts/make-icon.js
'use strict';
const path = require('path');
const { launch } = require('./vscode/browser');

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="8" y="8" width="240" height="240" rx="44" fill="#1f4e8c"/>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="none" stroke="#5fa8ff" stroke-width="6"/>
  <text x="128" y="128" font-family="DejaVu Sans, Arial, sans-serif" font-weight="700" font-size="92" fill="#ffffff" text-anchor="middle">IIS</text>
  <text x="128" y="204" font-family="DejaVu Sans Mono, monospace" font-weight="700" font-size="54" fill="#9fd0ff" text-anchor="middle">&lt;/&gt;</text>
  <circle cx="206" cy="58" r="20" fill="#3ccf6e"/>
  <path d="M196 58 l7 7 l13 -14" stroke="#ffffff" stroke-width="6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

(async () => {
  const b = await launch();
  try {
    await b.page.setViewportSize({ width: 256, height: 256 });
    await b.page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
    await b.page.locator('svg').screenshot({ path: path.join(__dirname, '..', 'media', 'icon.png'), omitBackground: true });
    console.log('media/icon.png written');
  } finally { await b.close(); }
})().catch((e) => { console.error(e); process.exit(1); });
