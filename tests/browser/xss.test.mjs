// Stored XSS through the glossary: a glossary term and definition holding script payloads must show
// as text, on the glossary page and in the previews glossary.js builds on hover, focus and tap, on a
// page with the term's preview <template> and on one without (where glossary.js reads the glossary
// page); nothing may run. The site is a copy of the bundled one with one more glossary term, linked
// wherever "Amazon" is first written, and `markdown.raw_html: false` (so that the definition's raw
// HTML is escaped too). See README.md beside this file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, newContext, openPage } from './lib/browser.mjs';
import { failWith, ok, problem } from './lib/check.mjs';
import { tags } from './lib/html.mjs';
import { startServer } from './lib/server.mjs';
import { BASE_PATH, BASE_URL, REPO_ROOT, listFiles, urlPathOf } from './lib/site.mjs';

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const ID = 'xss-probe';
/** Each payload sets window.__xss and opens a dialog if it ever runs. */
const RUN = 'window.__xss=1;alert(1)';
const PAYLOADS = [`<img src=x onerror="${RUN}">`, `<script>${RUN}</script>`, `"><svg onload="${RUN}">`];
/** The term as the glossary and the previews must show it: the word the prose links, then the payloads, as text. */
const TERM = `Amazon ${PAYLOADS.join(' ')}`;
/** The definition is Markdown (smart punctuation may curl its quotes): these parts must show as text. */
const DEFINITION = `Probe ${PAYLOADS.join(' ')}`;
const DEFINITION_PARTS = ['<img src=x onerror=', `<script>${RUN}</script>`, '<svg onload='];

let tmp;
let siteDir;
let htmlFiles = [];
const html = new Map(); // rel → text
let server;
let browser;

function run(cmd, args, opts) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (res.error) throw problem(`could not run ${cmd}: ${res.error.message}`);
  return res;
}

/** A YAML line-safe scalar: JSON strings are YAML double-quoted strings. */
const yaml = (s) => JSON.stringify(s);

/** Copies the bundled site into `root` with the probe term and raw HTML off. */
function writeProbeSite(root) {
  fs.mkdirSync(root, { recursive: true });
  for (const item of ['site.yaml', 'content', 'themes', 'templates', 'static', 'i18n']) {
    const from = path.join(REPO_ROOT, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, item), { recursive: true });
  }
  const config = path.join(root, 'site.yaml');
  const text = fs.readFileSync(config, 'utf8');
  ok(/^markdown:\n/m.test(text), 'site.yaml has no `markdown:` map to add raw_html to');
  fs.writeFileSync(config, text.replace(/^markdown:\n/m, 'markdown:\n  raw_html: false\n'));
  const glossary = path.join(root, 'content', 'data', 'glossary.yaml');
  const probe = [
    `- id: ${ID}`,
    `  term: {it: ${yaml(TERM)}, en: ${yaml(TERM)}}`,
    '  aliases: {it: ["Amazon"], en: ["Amazon"]}',
    `  definition: {it: ${yaml(DEFINITION)}, en: ${yaml(DEFINITION)}}`,
    '',
  ].join('\n');
  const before = fs.readFileSync(glossary, 'utf8');
  fs.writeFileSync(glossary, `${before.endsWith('\n') ? before : `${before}\n`}${probe}`);
}

/** Builds the release binary, then the probe site into a fresh temp folder; returns the output folder. */
function buildProbeSite() {
  const cargo = run('cargo', ['build', '--release', '--quiet'], { cwd: REPO_ROOT });
  if (cargo.status !== 0) throw problem(`cargo build --release failed (exit ${cargo.status}):\n${cargo.stdout}${cargo.stderr}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spiega-xss-'));
  const root = path.join(tmp, 'root');
  const out = path.join(tmp, 'site');
  writeProbeSite(root);
  const exe = path.join(REPO_ROOT, 'target', 'release', process.platform === 'win32' ? 'spiega.exe' : 'spiega');
  const build = run(exe, ['build', '--root', root, '--output', out, '--base-url', BASE_URL]);
  if (build.status !== 0) throw problem(`spiega build of the probe site failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
  return out;
}

const classes = (t) => (t.attrs.class ?? '').split(/\s+/).filter(Boolean);

/** A page (default language first) that links the probe term, with or without its preview <template>. */
function probePage(withTemplate) {
  const found = htmlFiles.filter((rel) => {
    const t = tags(html.get(rel));
    const links = t.some((x) => x.name === 'a' && classes(x).includes('glossary-term') && x.attrs['data-term'] === ID);
    const tpl = t.some((x) => x.name === 'template' && classes(x).includes('glossary-preview') && x.attrs['data-term'] === ID);
    return links && tpl === withTemplate;
  });
  found.sort((a, b) => Number(a.startsWith('en/')) - Number(b.startsWith('en/')) || a.localeCompare(b));
  return found[0];
}

/** A browser context that records (and dismisses) every dialog a page opens. */
async function watchedContext(options) {
  const context = await newContext(browser, server, options);
  const dialogs = [];
  context.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  return { context, dialogs };
}

/**
 * The page to test: for `withTemplate`, one that carries the probe's preview <template>; else one
 * that links the probe without it. The bundled site's pages carry a template for every term of
 * their own prose, and links to other terms come from other pages' summaries: when no page links
 * the probe that way, a page's templates are removed before the preview opens, which is the same
 * page as far as glossary.js can tell.
 */
function target(withTemplate) {
  const rel = probePage(withTemplate);
  if (rel || withTemplate) {
    ok(rel, `no page links a.glossary-term[data-term="${ID}"] with template.glossary-preview[data-term="${ID}"]`);
    return { rel, removeTemplates: false };
  }
  const other = probePage(true);
  ok(other, `no page links a.glossary-term[data-term="${ID}"]`);
  return { rel: other, removeTemplates: true };
}

/**
 * Opens the page, lets `act` open the preview, then checks that nothing ran and that the preview
 * shows the payloads as text. Also fails on console errors, failed requests (the payload's `x`
 * image would be one) and requests to other hosts.
 */
async function checkPreview(options, { rel, removeTemplates }, act) {
  const { context, dialogs } = await watchedContext(options);
  try {
    const { page, problems } = await openPage(context, server.origin + urlPathOf(rel));
    if (removeTemplates) {
      await page.evaluate(() => document.querySelectorAll('template.glossary-preview').forEach((t) => t.remove()));
    }
    const link = page.locator(`a.glossary-term[data-term="${ID}"]`).first();
    await act(link, page);
    await page.waitForSelector('[role="tooltip"]', { state: 'visible', timeout: 5_000 }).catch(() => {});
    // A payload that got in runs when its image fails or its element is inserted: give it time.
    await page.waitForFunction(() => window.__xss !== undefined, null, { timeout: 1_000 }).catch(() => {});
    const seen = await page.evaluate((id) => {
      const tip = [...document.querySelectorAll('[role="tooltip"]')].find((t) => !t.hidden);
      const link = document.querySelector(`a.glossary-term[data-term="${id}"]`);
      return {
        xss: window.__xss,
        shown: !!tip,
        strong: tip?.querySelector('strong')?.textContent ?? null,
        text: tip?.textContent ?? '',
        elements: tip ? [...tip.querySelectorAll('img, script, svg, [onerror], [onload]')].map((e) => e.outerHTML) : [],
        open: tip ? [...tip.querySelectorAll('a[href]')].map((a) => a.href) : [],
        href: link?.href ?? null,
      };
    }, ID);
    const bad = [];
    if (seen.xss !== undefined) bad.push(`a payload ran: window.__xss is ${JSON.stringify(seen.xss)}`);
    if (dialogs.length) bad.push(`a payload opened dialogs: ${JSON.stringify(dialogs)}`);
    if (!seen.shown) bad.push('no visible [role="tooltip"]');
    else {
      if (seen.strong !== TERM) bad.push(`the preview's <strong> reads ${JSON.stringify(seen.strong)}, expected the term as text ${JSON.stringify(TERM)}`);
      for (const part of DEFINITION_PARTS) {
        if (!seen.text.includes(part)) bad.push(`the preview does not show ${JSON.stringify(part)} as text: ${JSON.stringify(seen.text)}`);
      }
      if (seen.elements.length) bad.push(`the preview holds elements from the payloads: ${seen.elements.join(' ')}`);
      if (!seen.open.includes(seen.href)) bad.push(`the preview has no link to the glossary entry ${seen.href} (links: ${JSON.stringify(seen.open)})`);
    }
    await page.close().catch(() => {});
    failWith(`${urlPathOf(rel)}:`, [...bad, ...problems]);
  } finally {
    await context.close();
  }
}

describe('glossary payloads never run', { skip: process.env.SPIEGA_SITE_DIR ? 'builds its own probe site (SPIEGA_SITE_DIR is for the other files)' : false, timeout: 20 * 60_000 }, () => {
  before(
    async () => {
      siteDir = buildProbeSite();
      htmlFiles = listFiles(siteDir).filter((f) => f.endsWith('.html'));
      for (const rel of htmlFiles) html.set(rel, fs.readFileSync(path.join(siteDir, rel), 'utf8'));
      server = await startServer(siteDir);
      browser = await launch();
      process.stderr.write(`# xss: ${htmlFiles.length} HTML pages at ${server.origin}${BASE_PATH}\n`);
    },
    { timeout: 30 * 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the glossary page shows the term and its definition as text', { timeout: 60_000 }, async () => {
    const glossary = htmlFiles.find((rel) => html.get(rel).includes(`id="term-${ID}"`) && /<dl\b[^>]*class="[^"]*\bglossary\b/.test(html.get(rel)));
    ok(glossary, `no glossary page with dfn#term-${ID}`);
    const { context, dialogs } = await watchedContext(DESKTOP);
    try {
      const { page, problems } = await openPage(context, server.origin + urlPathOf(glossary));
      await page.waitForFunction(() => window.__xss !== undefined, null, { timeout: 1_000 }).catch(() => {});
      const seen = await page.evaluate((id) => {
        const dfn = document.getElementById(`term-${id}`);
        const def = dfn?.closest('.glossary-entry')?.querySelector('.definition');
        return { xss: window.__xss, term: dfn?.textContent ?? null, definition: def?.textContent ?? '', inside: def ? def.querySelectorAll('img, script, svg').length : -1 };
      }, ID);
      const bad = [];
      if (seen.xss !== undefined) bad.push(`a payload ran: window.__xss is ${JSON.stringify(seen.xss)}`);
      if (dialogs.length) bad.push(`a payload opened dialogs: ${JSON.stringify(dialogs)}`);
      if (seen.term !== TERM) bad.push(`dfn#term-${ID} reads ${JSON.stringify(seen.term)}, expected ${JSON.stringify(TERM)}`);
      for (const part of DEFINITION_PARTS) if (!seen.definition.includes(part)) bad.push(`the definition does not show ${JSON.stringify(part)} as text`);
      if (seen.inside !== 0) bad.push(`the definition holds ${seen.inside} element(s) from the payloads`);
      await page.close().catch(() => {});
      failWith(`${urlPathOf(glossary)}:`, [...bad, ...problems]);
    } finally {
      await context.close();
    }
  });

  for (const withTemplate of [true, false]) {
    const where = withTemplate ? 'with the term\'s preview <template>' : 'without a preview <template> (read from the glossary page)';
    describe(`on a page ${where}`, () => {
      const page = () => target(withTemplate);
      it('hover: the preview shows the payloads as text, nothing runs', { timeout: 60_000 }, async () => {
        await checkPreview(DESKTOP, page(), (link) => link.hover());
      });
      it('keyboard focus: the preview shows the payloads as text, nothing runs', { timeout: 60_000 }, async () => {
        await checkPreview(DESKTOP, page(), (link) => link.focus());
      });
      it('tap at 390px: the preview shows the payloads as text, nothing runs', { timeout: 60_000 }, async () => {
        await checkPreview(PHONE, page(), (link) => link.tap());
      });
    });
  }
});
