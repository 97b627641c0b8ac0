// The extension's page in code-server's Extensions view (see readme-page.sh): the packaged README rendered, every
// image of it loaded, the icon loaded. The images are the repository URLs vsce wrote into the packaged README; the
// browser's requests for them are answered from this checkout (the same path below the repository root), offline.
//
// usage: NODE_PATH=$CODE_SERVER_HOME/node_modules node readme-page.js --port P --folder /abs/ws --readme FILE --out FILE.png
// exit: 0 ok, 1 a check failed, 2 error
const fs = require('fs');
const path = require('path');
const { launch } = require('./browser');

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : undefined; };
const PORT = opt('port'), FOLDER = opt('folder'), README = opt('readme'), OUT = opt('out');
const ROOT = path.join(__dirname, '..', '..');
const REPO = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).repository.url.replace(/\.git$/, '');
const RAW = `${REPO}/raw/HEAD/`;

let failures = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };

(async () => {
  const readme = fs.readFileSync(README, 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
  check(images.length >= 5 && images.every((u) => u.startsWith(RAW)), `packaged README: ${images.length} images, all under ${RAW}`);
  const { ctx, page, close } = await launch();
  const served = new Set(), missing = [];
  // The repository's raw files, from this checkout (only paths that exist in it).
  await ctx.route(`${RAW}**`, (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(RAW).pathname.length));
    const file = path.join(ROOT, rel);
    if (!rel.includes('..') && fs.existsSync(file)) { served.add(rel); return route.fulfill({ path: file, contentType: rel.endsWith('.png') ? 'image/png' : undefined }); }
    missing.push(rel);
    return route.fulfill({ status: 404, body: 'not in the repository' });
  });
  try {
    await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(FOLDER)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.keyboard.press('Control+Shift+X');
    const search = page.locator('.extensions-viewlet .monaco-editor textarea, .extensions-viewlet .suggest-input-container textarea').first();
    await search.waitFor({ timeout: 30000 });
    await search.focus();
    await page.keyboard.type('@installed IIS Config');
    const item = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'IIS Config' }).first();
    await item.waitFor({ timeout: 30000 });
    await item.click();
    await page.locator('.extension-editor .header .name', { hasText: 'IIS Config' }).first().waitFor({ timeout: 30000 });
    const icon = await page.locator('.extension-editor .header .icon').first().evaluate((i) => ({ ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth }), null).catch((e) => ({ ok: false, e: e.message }));
    check(icon.ok && icon.w >= 128, `icon loaded (${JSON.stringify(icon)})`);
    // The README is in a webview: nested frames; find the one that shows its text, then wait for its images.
    let frame, result;
    const end = Date.now() + 60000;
    for (;;) {
      for (const f of page.frames()) {
        const r = await f.evaluate(() => {
          if (!document.body || !document.body.innerText.includes('What it does')) return undefined;
          const imgs = [...document.images].filter((i) => !/icon/.test(i.className));
          return { count: imgs.length, loaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length, srcs: imgs.map((i) => i.src), h1: document.querySelector('h1')?.innerText };
        }).catch(() => undefined);
        if (r) { frame = f; result = r; }
      }
      if (result && result.count >= images.length && result.loaded === result.count) break;
      if (Date.now() > end) break;
      await page.waitForTimeout(250);
    }
    check(!!frame, 'the README renders in the extension page');
    check(result && result.count === images.length && result.loaded === result.count,
      `README images loaded: ${result ? `${result.loaded} of ${result.count}` : 'none'} (${images.length} in the packaged README)`);
    check(missing.length === 0, `every image URL names a file of the repository${missing.length ? `: missing ${missing.join(', ')}` : ''}`);
    check(images.every((u) => served.has(decodeURIComponent(u.slice(RAW.length)))), `every image was fetched (${served.size})`);
    if (frame) await frame.locator('img').first().scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: OUT });
    console.log(`     saved ${OUT}`);
  } finally {
    await close();
  }
  console.log(failures ? `RESULT FAIL: ${failures} check(s) failed` : 'RESULT PASS: the packaged README renders with every image loaded');
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error('error:', e.message); process.exit(2); });
