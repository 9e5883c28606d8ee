// Design checks of the bundled site (content/, site.yaml, templates/, themes/explainer/): the home page
// tells the story at a glance, data tables are never clipped (wide screens: they break out of the text
// column; phones: rows become cards), pages show the date of their last update rather than a
// publication date, and print: no navigation, link addresses and numbered source notes, nothing
// scrolls or is split. See README.md beside this file.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, newContext, openPage } from './lib/browser.mjs';
import { eq, failWith, ok } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';
import { BASE_PATH, HERE, listFiles, prepareSite, urlPathOf } from './lib/site.mjs';

const ARTIFACTS = path.resolve(process.env.SPIEGA_ARTIFACTS_DIR || path.join(HERE, 'artifacts'));
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const DESKTOP = { viewport: { width: 1440, height: 900 } };
/** A4 less the print stylesheet's margins is about 680 CSS px wide. */
const PAPER = { viewport: { width: 680, height: 960 } };

/** The home page, the chips page and a page of each other kind that prints, in both languages. */
const HOMES = { it: 'index.html', en: 'en/index.html' };
const CHIPS = { it: 'chip/index.html', en: 'en/chips/index.html' };
const TIMELINES = { it: 'cronologia/index.html', en: 'en/timeline/index.html' };
const PRINTED = [
  'index.html',
  'chip/index.html',
  'storia/accordo/index.html',
  'aziende/amazon/index.html',
  'chip/trainium2/index.html',
  'cronologia/index.html',
  'glossario/index.html',
  'en/index.html',
  'en/chips/index.html',
];
/** What the key figures must say, per language: the story's amounts and its dates. */
const FIGURES = {
  it: ['4 miliardi', '8 miliardi', '7 novembre 2024'],
  en: ['$4 billion', '$8 billion', 'November 7, 2024'],
};

let site;
let files = [];
let htmlFiles = [];
let server;
let browser;
const urlOf = (rel) => server.origin + urlPathOf(rel);

/** Opens `rel` in a fresh context with `options`; runs fn(page); then fails on what went wrong while loading. */
async function withPage(options, rel, fn, { media } = {}) {
  const context = await newContext(browser, server, options);
  try {
    const { page, problems } = await openPage(context, urlOf(rel));
    if (media) await page.emulateMedia({ media });
    try {
      await fn(page);
    } finally {
      await page.close().catch(() => {});
    }
    failWith(`${urlPathOf(rel)}: problems in the page (console errors, failed requests, other hosts):`, problems);
  } finally {
    await context.close();
  }
}

/**
 * Every table region of the page but the charts', measured: whether it scrolls sideways, and the cells that are cut
 * off (outside the region's visible box or outside the window).
 */
function measureTables(page) {
  return page.evaluate(() =>
    // A chart's data table is folded in its <details> (charts.test.mjs checks it when opened).
    [...document.querySelectorAll('main .table-scroll')].filter((region) => !region.closest('figure.chart')).map((region) => {
      const box = region.getBoundingClientRect();
      const table = region.querySelector('table');
      const clipped = [];
      for (const cell of region.querySelectorAll('th, td')) {
        const r = cell.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // a visually hidden header row
        if (getComputedStyle(cell.closest('thead') ?? cell).position === 'absolute') continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.left < -1 || r.right > window.innerWidth + 1) {
          clipped.push(`${cell.textContent.trim().slice(0, 30)} [${Math.round(r.left)}–${Math.round(r.right)}px]`);
        }
      }
      const column = region.closest('.content, .wrap')?.getBoundingClientRect();
      return {
        caption: table?.caption?.textContent.trim() ?? '(no caption)',
        scrolls: region.scrollWidth > region.clientWidth + 1,
        scrollWidth: region.scrollWidth,
        clientWidth: region.clientWidth,
        width: box.width,
        columnWidth: column ? column.width : 0,
        clipped,
      };
    }),
  );
}

describe('bundled site: design', { timeout: 20 * 60_000 }, () => {
  before(
    async () => {
      site = prepareSite();
      files = listFiles(site.dir);
      htmlFiles = files.filter((f) => f.endsWith('.html'));
      server = await startServer(site.dir);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      browser = await launch();
      process.stderr.write(`# design: ${htmlFiles.length} HTML pages at ${server.origin}${BASE_PATH}\n`);
    },
    { timeout: 30 * 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    site?.cleanup();
  });

  // ---------------------------------------------------------------------------------------------
  describe('home page at a glance', () => {
    for (const [lang, rel] of Object.entries(HOMES)) {
      it(`${lang}: key figures with citations, five moments linked to the timeline, the chart, a card for every menu page`, { timeout: 60_000 }, async () => {
        await withPage(DESKTOP, rel, async (page) => {
          const home = await page.evaluate(() => {
            const content = document.querySelector('main .content');
            const ids = new Set([...document.querySelectorAll('[id]')].map((e) => e.id));
            return {
              figures: [...content.querySelectorAll('.key-figures li')].map((li) => ({
                figure: li.querySelector(':scope > strong:first-child')?.textContent.trim() ?? '',
                text: li.textContent.replace(/\s+/g, ' ').trim(),
                cites: [...li.querySelectorAll('sup.cite a')].map((a) => a.getAttribute('href')),
              })),
              moments: [...content.querySelectorAll('ol.moments > li.moment')].map((li) => ({
                date: li.querySelector('time')?.getAttribute('datetime') ?? '',
                href: li.querySelector('.moment-title a')?.href ?? '',
                sources: li.querySelectorAll('.moment-sources a[href^="http"]').length,
              })),
              charts: content.querySelectorAll('figure.chart svg').length,
              cards: [...document.querySelectorAll('main .listing .card h3 a')].map((a) => new URL(a.href).pathname),
              menu: [...document.querySelectorAll('nav.site-nav a')].map((a) => new URL(a.href).pathname),
              sourceIds: [...ids].filter((id) => id.startsWith('source-')),
              published: document.querySelectorAll('.meta-date, .card-meta time').length,
            };
          });
          const problems = [];
          if (home.figures.length < 3) problems.push(`${home.figures.length} key figures, expected at least 3`);
          for (const f of home.figures) {
            if (!f.figure) problems.push(`a key figure does not open with a bold figure: ${f.text}`);
            if (!f.cites.length) problems.push(`a key figure cites nothing: ${f.text}`);
            for (const c of f.cites) if (!home.sourceIds.includes(c.slice(1))) problems.push(`${c} is not in the page's sources`);
          }
          for (const want of FIGURES[lang]) {
            if (!home.figures.some((f) => f.figure.includes(want))) problems.push(`no key figure reads ${JSON.stringify(want)}: ${home.figures.map((f) => f.figure).join(' | ')}`);
          }
          if (home.moments.length !== 5) problems.push(`${home.moments.length} moments, expected 5`);
          const dates = home.moments.map((m) => m.date);
          if ([...dates].sort().join() !== dates.join()) problems.push(`moments out of order: ${dates.join(', ')}`);
          for (const m of home.moments) {
            const u = new URL(m.href || 'http://x/');
            if (!u.pathname.endsWith(urlPathOf(TIMELINES[lang]))) problems.push(`a moment of ${m.date} links to ${m.href}, not the timeline`);
            const target = path.join(site.dir, TIMELINES[lang]);
            if (!fs.readFileSync(target, 'utf8').includes(`id="${u.hash.slice(1)}"`)) problems.push(`${m.href}: no such event on the timeline`);
            if (m.sources === 0) problems.push(`the moment of ${m.date} shows no source`);
          }
          if (home.charts !== 1) problems.push(`${home.charts} charts in the home's content, expected 1`);
          const home_path = urlPathOf(rel);
          for (const p of home.menu) {
            if (p !== home_path && !home.cards.includes(p)) problems.push(`the menu's ${p} has no card on the home page`);
          }
          if (home.published) problems.push(`${home.published} publication date(s) shown on the home page`);
          failWith(`${urlPathOf(rel)}:`, problems);
        });
      });
    }

    it('the moments run left to right at 1440px and down at 390px; the key figures share rows on wide screens', { timeout: 60_000 }, async () => {
      const layout = (page) =>
        page.evaluate(() => ({
          moments: [...document.querySelectorAll('ol.moments > li')].map((li) => li.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), left: Math.round(r.left) })),
          figures: [...document.querySelectorAll('.key-figures li')].map((li) => Math.round(li.getBoundingClientRect().top)),
          column: document.querySelector('main .content').getBoundingClientRect().width,
          band: document.querySelector('ol.moments').getBoundingClientRect().width,
        }));
      await withPage(DESKTOP, HOMES.it, async (page) => {
        const l = await layout(page);
        ok(new Set(l.moments.map((m) => m.top)).size === 1, `at 1440px the moments are not on one row: ${JSON.stringify(l.moments)}`);
        ok(l.moments.every((m, i) => i === 0 || m.left > l.moments[i - 1].left), `at 1440px the moments do not run left to right: ${JSON.stringify(l.moments)}`);
        ok(l.band > l.column + 100, `at 1440px the moments (${l.band}px) do not break out of the text column (${l.column}px)`);
        ok(new Set(l.figures).size < l.figures.length, `at 1440px every key figure has a row of its own: ${l.figures}`);
        await page.screenshot({ path: path.join(ARTIFACTS, 'home-glance-1440.png') });
      });
      await withPage(PHONE, HOMES.it, async (page) => {
        const l = await layout(page);
        ok(l.moments.every((m, i) => i === 0 || m.top > l.moments[i - 1].top), `at 390px the moments are not one under the other: ${JSON.stringify(l.moments)}`);
        ok(l.band <= l.column + 1, `at 390px the moments (${l.band}px) are wider than the column (${l.column}px)`);
        await page.locator('.key-figures').screenshot({ path: path.join(ARTIFACTS, 'home-figures-390.png') });
      });
    });

    it('content pages show the date of their last update, not a publication date', () => {
      const bad = [];
      let articles = 0;
      for (const rel of htmlFiles) {
        const html = fs.readFileSync(path.join(site.dir, rel), 'utf8');
        if (/class="meta-date"/.test(html)) bad.push(`${urlPathOf(rel)} shows a publication date (li.meta-date)`);
        if (/>\s*(Pubblicato il|Published)\s*</.test(html)) bad.push(`${urlPathOf(rel)} says "published"`);
        // Every content page (page.html: JSON-LD Article) shows when it was last updated.
        if (!/"@type":\s*"Article"/.test(html)) continue;
        articles += 1;
        if (!/<li class="meta-updated">(Aggiornato il|Updated) <time datetime="\d{4}-\d{2}-\d{2}">/.test(html)) bad.push(`${urlPathOf(rel)} does not show its last update`);
      }
      ok(articles >= 10, `only ${articles} content pages`);
      failWith(`${bad.length} page(s):`, bad);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('wide tables', () => {
    for (const [name, options] of [['1440px', DESKTOP], ['1366px', LAPTOP]]) {
      for (const [lang, rel] of Object.entries(CHIPS)) {
        it(`${lang} at ${name}: the chip table breaks out of the text column and shows every cell without scrolling`, { timeout: 60_000 }, async () => {
          await withPage(options, rel, async (page) => {
            const tables = await measureTables(page);
            ok(tables.length > 0, `${urlPathOf(rel)}: no table region`);
            const problems = [];
            for (const t of tables) {
              if (t.scrolls) problems.push(`${t.caption}: scrolls sideways (${t.scrollWidth}px in ${t.clientWidth}px)`);
              if (t.clipped.length) problems.push(`${t.caption}: cells cut off: ${t.clipped.slice(0, 5).join('; ')}`);
              if (t.width <= t.columnWidth + 50) problems.push(`${t.caption}: ${Math.round(t.width)}px wide, no wider than the text column (${Math.round(t.columnWidth)}px)`);
            }
            failWith(`${urlPathOf(rel)} at ${name}:`, problems);
            if (lang === 'it' && options === DESKTOP) await page.locator('main .table-scroll').first().screenshot({ path: path.join(ARTIFACTS, 'chip-table-1440.png') });
          });
        });
      }
    }

    for (const [lang, rel] of Object.entries(CHIPS)) {
      it(`${lang} at 390px: each chip is a card whose every value is labelled, nothing scrolls or is cut off`, { timeout: 60_000 }, async () => {
        await withPage(PHONE, rel, async (page) => {
          const tables = await measureTables(page);
          ok(tables.length > 0, `${urlPathOf(rel)}: no table region`);
          const problems = [];
          for (const t of tables) {
            if (t.scrolls) problems.push(`${t.caption}: scrolls sideways (${t.scrollWidth}px in ${t.clientWidth}px)`);
            if (t.clipped.length) problems.push(`${t.caption}: cells cut off: ${t.clipped.slice(0, 5).join('; ')}`);
          }
          const cards = await page.evaluate(() => {
            const table = document.querySelector('main .table-scroll table.stack');
            if (!table) return null;
            const rows = [...table.tBodies[0].rows];
            const headers = [...table.tHead.rows[0].cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim());
            return {
              display: getComputedStyle(rows[0]).display,
              unlabelled: rows.flatMap((tr) =>
                [...tr.cells]
                  .filter((c) => c.tagName === 'TD')
                  .filter((c) => {
                    const label = getComputedStyle(c, '::before').content;
                    return !label || label === 'none' || label === 'normal' || !headers.some((h) => label.includes(h.split(' (')[0]));
                  })
                  .map((c) => `${tr.cells[0].textContent.trim()}: ${c.textContent.trim()}`),
              ),
              rows: rows.length,
            };
          });
          if (!cards) problems.push('no stacked table (table.stack) in a .table-scroll region');
          else {
            if (cards.display !== 'block') problems.push(`rows are displayed as ${cards.display}, not as cards`);
            if (cards.unlabelled.length) problems.push(`values without their column's label: ${cards.unlabelled.slice(0, 5).join('; ')}`);
          }
          failWith(`${urlPathOf(rel)} at 390px:`, problems);
          if (lang === 'it') await page.locator('main .table-scroll').first().screenshot({ path: path.join(ARTIFACTS, 'chip-table-390.png') });
        });
      });
    }

    it('a data table that is not stacked keeps its first column in view while it scrolls at 390px', { timeout: 60_000 }, async () => {
      await withPage(PHONE, CHIPS.en, async (page) => {
        // The same table, unstacked: what a theme's other data tables get.
        const result = await page.evaluate(() => {
          const table = document.querySelector('main .table-scroll table.stack');
          table.classList.remove('stack');
          const region = table.parentElement;
          const first = table.tBodies[0].rows[0].cells[0];
          const before = first.getBoundingClientRect().left;
          region.scrollLeft = 200;
          return {
            scrolls: region.scrollWidth > region.clientWidth,
            moved: region.scrollLeft,
            shift: Math.round(first.getBoundingClientRect().left - before),
            position: getComputedStyle(first).position,
            focusable: region.tabIndex === 0 && region.getAttribute('role') === 'region',
          };
        });
        ok(result.scrolls && result.moved > 0, `the unstacked table does not scroll inside its region: ${JSON.stringify(result)}`);
        eq(result.position, 'sticky', 'the first column');
        eq(result.shift, 0, 'how far the first column moved when the region scrolled');
        ok(result.focusable, 'the scrolling region is not a focusable region (keyboard users could not scroll it)');
      });
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('print', () => {
    for (const rel of PRINTED) {
      it(`${urlPathOf(rel)}: no navigation, search, skip link or language switcher; web links print their address; nothing scrolls or splits`, { timeout: 60_000 }, async () => {
        await withPage(PAPER, rel, async (page) => {
          const printed = await page.evaluate(() => {
            const shown = (sel) =>
              [...document.querySelectorAll(sel)].filter((el) => {
                const s = getComputedStyle(el);
                const r = el.getBoundingClientRect();
                return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
              }).length;
            const hidden = {};
            for (const sel of ['nav.site-nav', 'form.site-search', 'nav.lang-switcher', 'a.skip-link', 'nav.breadcrumb', 'nav.toc', 'nav.timeline-filters', 'nav.jump-list', '.home .listing']) {
              hidden[sel] = shown(sel);
            }
            const external = [...document.querySelectorAll('main a[href^="http"]')];
            const unprinted = external
              .filter((a) => !a.closest('sup.cite'))
              .filter((a) => !getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
              .map((a) => a.getAttribute('href'));
            const cites = [...document.querySelectorAll('main sup.cite a')];
            const notes = cites.filter((a) => {
              const li = document.getElementById(a.getAttribute('href').slice(1));
              const url = li?.querySelector('a[href^="http"]');
              return li && li.closest('ol.source-list') && url && getComputedStyle(url, '::after').content.includes(url.getAttribute('href'));
            });
            const unbroken = ['table', 'tr', 'figure', '.table-scroll', '.event', '.moment', '.key-figures li', '.card', '.note', '.source-list li']
              .flatMap((sel) => [...document.querySelectorAll(`main ${sel}`)].map((el) => [sel, getComputedStyle(el).breakInside]))
              .filter(([, v]) => v !== 'avoid')
              .map(([sel, v]) => `${sel}: break-inside ${v}`);
            const overflow = document.documentElement.scrollWidth > window.innerWidth + 1;
            const address = shown('.print-only');
            return { hidden, unprinted, cites: cites.length, notes: notes.length, unbroken: [...new Set(unbroken)], overflow, address, external: external.length };
          });
          const problems = [];
          for (const [sel, n] of Object.entries(printed.hidden)) if (n) problems.push(`${sel} is printed`);
          if (printed.unprinted.length) problems.push(`web links printed without their address: ${printed.unprinted.slice(0, 5).join(', ')}`);
          if (printed.cites !== printed.notes) problems.push(`${printed.cites - printed.notes} of ${printed.cites} citations do not lead to a numbered note that prints its address`);
          if (printed.unbroken.length) problems.push(`may split across pages: ${printed.unbroken.join('; ')}`);
          if (printed.overflow) problems.push('the page is wider than the paper');
          if (printed.address !== 1) problems.push('the page does not print its own address');
          const tables = await measureTables(page);
          for (const t of tables) {
            if (t.scrolls) problems.push(`${t.caption}: scrolls sideways on paper (${t.scrollWidth}px in ${t.clientWidth}px)`);
            if (t.clipped.length) problems.push(`${t.caption}: cells cut off on paper: ${t.clipped.slice(0, 5).join('; ')}`);
          }
          failWith(`${urlPathOf(rel)} in print:`, problems);
        }, { media: 'print' });
      });
    }

    it('on screen, the page address is not shown and the navigation is', { timeout: 60_000 }, async () => {
      await withPage(DESKTOP, HOMES.it, async (page) => {
        const screen = await page.evaluate(() => ({
          address: getComputedStyle(document.querySelector('.print-only')).display,
          nav: getComputedStyle(document.querySelector('nav.site-nav')).display,
        }));
        eq(screen.address, 'none', 'the print-only address on screen');
        ok(screen.nav !== 'none', 'the navigation is hidden on screen');
      });
    });

    it('the chip page prints to PDF with its table on one page', { timeout: 120_000 }, async () => {
      const context = await newContext(browser, server, PAPER);
      try {
        const page = await context.newPage();
        await page.goto(urlOf(CHIPS.it), { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        // The whole page, then the table alone (with the print stylesheet): it must fit one A4 page, so
        // that `break-inside: avoid` can keep it whole.
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        fs.writeFileSync(path.join(ARTIFACTS, 'chip-page.pdf'), pdf);
        ok(pages > 1 && pages < 20, `the chip page printed to ${pages} pages`);
        const alone = await page.evaluate(() => {
          const region = document.querySelector('main .table-scroll');
          const keep = region.cloneNode(true);
          document.querySelector('main').replaceChildren(keep);
          document.querySelector('header')?.remove();
          document.querySelector('footer')?.remove();
          return true;
        });
        ok(alone, 'could not isolate the table');
        const tablePdf = await page.pdf({ format: 'A4', printBackground: false });
        const tablePages = (tablePdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        eq(tablePages, 1, 'pages the chip table alone takes on A4');
        await page.close();
      } finally {
        await context.close();
      }
    });
  });
});
