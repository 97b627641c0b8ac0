// Screenshots of the extension as a user sees it, in a running code-server (see screenshots.sh, which installs
// the .vsix and starts the server): the squiggle with the Problems panel, the hover, the quick-fix menu, the
// outline (Go to Symbol) with the inlay hints, and the highlighting of a transform. Also reads the activation
// time VS Code itself measured (Developer: Show Running Extensions) and checks the applicationHost status bar item
// of a web.config. Based on diag.js.
//
// usage: NODE_PATH=$CODE_SERVER_HOME/node_modules node screenshots.js --port P --folder /abs/ws --out DIR
// exit: 0 all shots taken and checked, 1 something shown was not what was expected, 2 error
const fs = require('fs');
const path = require('path');
const { launch } = require('./browser');

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf('--' + name); return i >= 0 ? argv[i + 1] : def; };
const PORT = opt('port'), FOLDER = opt('folder'), OUT = path.resolve(opt('out', 'docs/images'));
const authority = `127.0.0.1:${PORT}`, remote = (p) => `vscode-remote://${authority}${p}`;

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

async function open(page, file) {
  const payload = [['openFile', remote(`${FOLDER}/${file}`)]];
  await page.goto(`http://${authority}/?folder=${encodeURIComponent(FOLDER)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: 60000 });
}

/** The bounding box of the first visible element matching selector (and text), polled: decorations re-render. */
async function visibleBox(page, selector, text) {
  const end = Date.now() + 10000;
  for (;;) {
    const loc = text ? page.locator(selector, { hasText: text }) : page.locator(selector);
    for (const el of await loc.all()) {
      const b = await el.boundingBox();
      if (b && b.width > 0 && b.height > 0) return b;
    }
    if (Date.now() > end) throw new Error(`nothing visible for ${selector} ${text || ''}`);
    await page.waitForTimeout(100);
  }
}

/** Screenshot of the window, or of the box around the given elements (with a margin), into OUT/name.png. */
async function shot(page, name, clip) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, clip });
  console.log(`     saved ${path.relative(process.cwd(), file)}`);
}

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const { page, close } = await launch();
  Object.assign(globalThis, { page, close });

  // 1) squiggle + Problems panel + inlay hints
  await open(page, 'applicationHost.config');
  const squiggle = page.locator('.editor-instance').locator('.squiggly-warning').first();
  await squiggle.waitFor({ timeout: 30000 });
  await page.locator('.view-lines', { hasText: 'application /Sub-App of Site' }).first().waitFor({ timeout: 15000 });
  const hints = (await page.locator('.editor-instance .view-line', { hasText: '<location path=' }).allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
  check(hints.some((l) => /path="Site\/Sub-App".*application \/Sub-App of Site/.test(l)) && hints.some((l) => /path="Site".*site Site/.test(l)),
    `inlay hints: ${hints.map((l) => l.trim()).join(' | ')}`);
  await page.keyboard.press('Control+B'); // hide the side bar: more room for the editor
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15000 });
  const rows = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => `${e.getAttribute('aria-label')} ${e.innerText}`));
  check(rows.some((r) => /iisClientCertificateMappingAuthentication> is ignored here/.test(r) && /iis-config\W+ignored-at-level/.test(r)),
    `Problems panel: ${rows.join(' | ').replace(/\s+/g, ' ')}`);
  // Go to Line 28 (Ctrl+G): the editor, now shorter, reveals the flagged line in its middle.
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { timeout: 10000 });
  await page.keyboard.type('28');
  await page.keyboard.press('Enter');
  await visibleBox(page, '.editor-instance .squiggly-warning');
  await shot(page, 'squiggle', { x: 0, y: 0, width: 1400, height: 670 });
  await page.keyboard.press('Control+J'); // close the panel: room for the hover and menus
  await page.locator('.markers-panel').first().waitFor({ state: 'hidden', timeout: 10000 });

  // 2) hover over the squiggle
  // Scroll to the top so the flagged line sits low in the editor and the hover has room above it.
  await page.keyboard.press('Control+Home');
  await page.locator('.editor-instance .view-line', { hasText: '<?xml' }).first().waitFor({ timeout: 10000 });
  const box = await visibleBox(page, '.editor-instance .squiggly-warning');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover').first();
  await hover.waitFor({ state: 'visible', timeout: 10000 });
  await page.locator('.monaco-hover', { hasText: 'IIS reads it' }).first().waitFor({ timeout: 10000 });
  const hoverText = await hover.innerText();
  check(/ignored-at-level/.test(hoverText) && /IIS reads it: at server and site level/.test(hoverText), 'hover: diagnostic and section documentation');
  await shot(page, 'hover');

  // 3) quick-fix menu: cursor into the squiggle, Ctrl+.
  await page.mouse.move(10, 10);
  await page.keyboard.press('Escape');
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget').first();
  await menu.waitFor({ state: 'visible', timeout: 10000 });
  await page.locator('.action-widget', { hasText: 'Disable ignored-at-level for this line' }).first().waitFor({ timeout: 10000 });
  const menuText = await menu.innerText();
  check(/Move <iisClientCertificateMappingAuthentication> to site level \(<location path="Site">\)/.test(menuText) && /Disable ignored-at-level for this line/.test(menuText),
    `quick-fix menu: ${menuText.replace(/\s+/g, ' ')}`);
  await shot(page, 'quickfix', { x: 0, y: 260, width: 1400, height: 500 });
  await page.keyboard.press('Escape');

  // 4) outline through Go to Symbol in Editor (Ctrl+Shift+O), with the inlay hints in the editor behind it
  await page.keyboard.press('Control+Shift+O');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'iisClientCertificateMappingAuthentication' }).first().waitFor({ timeout: 10000 });
  const symbols = await page.$$eval('.quick-input-widget .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') || e.innerText));
  check(symbols.some((s) => /location "Site\/Sub-App"/.test(s)) && symbols.some((s) => /site "Site"/.test(s)), `symbols: ${symbols.length}`);
  await shot(page, 'outline', { x: 0, y: 0, width: 1400, height: 640 });
  await page.keyboard.press('Escape');

  // 5) VS Code's own activation measurement: Developer: Show Running Extensions
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: 10000 });
  await page.keyboard.type('Developer: Show Running Extensions');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'IIS Config' }).first();
  await row.waitFor({ timeout: 15000 });
  const rowText = (await row.innerText()).replace(/\s+/g, ' ');
  const activation = /(\d+)\s*ms/.exec(rowText);
  check(!!activation, `Running Extensions: ${rowText}`);
  if (activation) fs.writeFileSync(path.join(OUT, 'activation.txt'), `${activation[1]} ms\n`);

  // 6) highlighting of a transform: xdt: attributes, %ENV% variables, an encrypted value
  await open(page, 'web.Release.config');
  await page.locator('.view-lines', { hasText: 'IISCngProvider' }).first().waitFor({ timeout: 15000 });
  // Colours of the tokens once the (asynchronous) tokenization has reached them.
  const colours = await page.waitForFunction(() => {
    const els = [...document.querySelectorAll('.editor-instance .view-line span span')];
    const by = (t) => els.filter((e) => e.textContent.replace(/%/g, '') === t).map((e) => getComputedStyle(e).color)[0];
    const c = { plain: by('appSettings'), xdt: by('SetAttributes'), env: by('SystemDrive'), provider: by('IISCngProvider'), string: by('"Production"') };
    return c.xdt && c.env && c.provider && c.string && c.xdt !== c.string ? c : false;
  }, null, { timeout: 15000, polling: 100 }).then((h) => h.jsonValue()).catch(() => ({}));
  check(colours.xdt && colours.env && colours.provider && colours.xdt !== colours.string && colours.env !== colours.string && colours.provider !== colours.string,
    `colours: ${JSON.stringify(colours)}`);
  await shot(page, 'highlighting', { x: 0, y: 0, width: 1400, height: 520 });

  // 7) the status bar item of the hierarchy: which applicationHost.config a web.config runs under
  await open(page, 'Site/web.config');
  const status = page.locator('.statusbar-item', { hasText: 'IIS:' }).first();
  const statusText = await status.waitFor({ timeout: 15000 }).then(() => status.innerText(), () => '');
  check(/IIS: applicationHost\.config/.test(statusText), `status bar item: ${JSON.stringify(statusText)}`);

  await close();
  console.log(failures ? `${failures} check(s) failed` : 'all screenshots taken');
  process.exit(failures ? 1 : 0);
})().catch(async (err) => {
  console.error('error:', err.message);
  await globalThis.page?.screenshot({ path: path.join(OUT, 'screenshots-fail.png') }).catch(() => {});
  await globalThis.close?.();
  process.exit(2);
});
