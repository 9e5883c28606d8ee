// `spiega serve` as an editor sees it in Chromium: a save reloads the tab showing the page, a
// stylesheet is swapped without a reload, `update` reloads only the tabs whose page changed, and a
// broken save shows an accessible overlay over the last good page until a save fixes it.
// The server runs the release binary on a copy of the repository's own site, on a free loopback
// port; the browser may reach nothing else.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatViolations, launch, newContext, runAxe } from './lib/browser.mjs';
import { REPO_ROOT } from './lib/site.mjs';

const EXE = path.join(REPO_ROOT, 'target', 'release', process.platform === 'win32' ? 'spiega.exe' : 'spiega');
const WAIT = 15_000;

let tmp;
let root;
let serverProcess;
let origin;
let basePath;
let browser;
let context;

function copySite() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spiega-serve-browser-'));
  root = path.join(tmp, 'site');
  fs.mkdirSync(root);
  fs.copyFileSync(path.join(REPO_ROOT, 'site.yaml'), path.join(root, 'site.yaml'));
  for (const folder of ['content', 'themes', 'templates', 'static', 'i18n']) {
    const from = path.join(REPO_ROOT, folder);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, folder), { recursive: true });
  }
}

/** Starts `spiega serve --port 0` and resolves with the URL it prints. */
function startServe() {
  return new Promise((resolve, reject) => {
    const child = spawn(EXE, ['serve', '--root', root, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`spiega serve did not start:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk;
      const match = /Serving (http:\/\/127\.0\.0\.1:\d+)(\/\S*)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1], basePath: match[2] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`spiega serve exited (${code}):\n${log}`)));
  });
}

const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');
const write = (rel, text) => fs.writeFileSync(path.join(root, rel), text);

/** A tab on `rel` (relative to the site's base path), marked so that a reload can be told apart. */
async function openTab(rel) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(origin + basePath + rel, { waitUntil: 'load' });
  // The reload script has connected once the server said hello; a save before that is missed.
  await page.waitForFunction(() => window.__spiegaLive === true);
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__mark = 'before';
  });
  return { page, errors };
}

const marked = (page) => page.evaluate(() => window.__mark === 'before');

/** Resolves once `page` has loaded again (its mark gone). */
async function reloaded(page) {
  await page.waitForFunction(() => window.__mark === undefined, null, { timeout: WAIT });
  await page.waitForLoadState('load');
}

describe('spiega serve in Chromium', { timeout: 180_000 }, () => {
  before(async () => {
    const build = spawnSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `cargo build --release failed:\n${build.stderr}`);
    copySite();
    const started = await startServe();
    ({ origin, basePath } = started);
    serverProcess = started.child;
    browser = await launch();
    context = await newContext(browser, { origin }, { viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    serverProcess?.kill('SIGINT');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a save reloads the tab showing the page, and only that one', async () => {
    const story = await openTab('storia/accordo/');
    const other = await openTab('chip/');
    const page = 'content/storia/accordo.md';
    write(page, `${read(page)}\nUna riga scritta nel browser di prova.\n`);
    await reloaded(story.page);
    assert.match(await story.page.textContent('main'), /Una riga scritta nel browser di prova\./);
    // The chip page does not show the story's body: the `update` after the reload leaves it be.
    await story.page.waitForTimeout(1_500);
    assert.ok(await marked(other.page), 'the chip page was reloaded, but nothing on it changed');
    assert.deepEqual([...story.errors, ...other.errors], []);
    await story.page.close();
    await other.page.close();
  });

  it('a page that shows the edit elsewhere reloads with `update`', async () => {
    // Every page's navigation (site.yaml `menu`) shows perche-conta.md's title; that page itself
    // reloads first, a far page with the `update` after it.
    const far = await openTab('fonti/');
    const page = 'content/perche-conta.md';
    const text = read(page);
    assert.match(text, /title: "Perché conta"/);
    write(page, text.replace('title: "Perché conta"', 'title: "Perché conta davvero"'));
    await reloaded(far.page);
    assert.match(await far.page.textContent('.site-nav'), /Perché conta davvero/);
    assert.deepEqual(far.errors, []);
    await far.page.close();
  });

  it('a stylesheet change is swapped in without a reload', async () => {
    const tab = await openTab('');
    const css = 'themes/explainer/static/style.css';
    write(css, `${read(css)}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`);
    await tab.page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
      null,
      { timeout: WAIT },
    );
    assert.ok(await marked(tab.page), 'the page was reloaded for a stylesheet change');
    assert.deepEqual(tab.errors, []);
    await tab.page.close();
  });

  it('a broken save shows an accessible overlay until a save fixes it', async () => {
    const tab = await openTab('storia/accordo/');
    const page = 'content/storia/accordo.md';
    const good = read(page);
    write(page, `${good}\n[rotto](@/storia/non-esiste.md)\n`);
    const overlay = tab.page.locator('#spiega-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await overlay.getAttribute('role'), 'alertdialog');
    assert.match(await overlay.textContent(), /content\/storia\/accordo\.md/);
    assert.match(await overlay.textContent(), /non-esiste/);
    // The Close button has the focus, so a keyboard user can dismiss it at once.
    assert.equal(await tab.page.evaluate(() => document.activeElement?.textContent), 'Close');
    const violations = await runAxe(tab.page);
    assert.deepEqual(violations, [], `axe, page with the overlay:\n${formatViolations(violations)}`);
    // The last good page is still there, under it.
    assert.ok(await marked(tab.page), 'a broken save must not reload the page');
    await tab.page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: WAIT });

    write(page, `${good}\nDi nuovo a posto.\n`);
    await reloaded(tab.page);
    assert.equal(await tab.page.locator('#spiega-error-overlay').count(), 0);
    assert.match(await tab.page.textContent('main'), /Di nuovo a posto\./);
    assert.deepEqual(tab.errors, []);
    assert.deepEqual(context.blocked, [], 'requests to other hosts');
    await tab.page.close();
  });
});
