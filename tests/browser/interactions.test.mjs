// Interaction checks of the bundled site (content/, site.yaml, themes/explainer/): the page kinds the
// every-page loops of site.test.mjs must cover, the language switcher on a deep page, the timeline
// filters, the glossary previews, the search box and the weight of the home page; each by mouse,
// keyboard and touch where it applies, and without JavaScript. See README.md beside this file.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, newContext, openPage } from './lib/browser.mjs';
import { eq, failWith, ok } from './lib/check.mjs';
import { readPage, tags } from './lib/html.mjs';
import { resolvePath, startServer } from './lib/server.mjs';
import { BASE_PATH, HERE, listFiles, prepareSite, urlPathOf } from './lib/site.mjs';

const DEFAULT_LANG = 'it';
const OTHER_LANG = 'en';
const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/**
 * The ways a reader follows a link, each with its browser options: a mouse click, the keyboard (focus,
 * then Enter) and a tap at phone width. `what` names the link in the failure message.
 */
function activationMethods(what) {
  return {
    mouse: { options: DESKTOP, act: (loc) => loc.click() },
    keyboard: {
      options: DESKTOP,
      act: async (loc, page) => {
        await loc.focus();
        ok(await loc.evaluate((el) => document.activeElement === el), `${what} cannot take keyboard focus`);
        await page.keyboard.press('Enter');
      },
    },
    touch: { options: PHONE, act: (loc) => loc.tap() },
  };
}
/** The home page, with its CSS, scripts and images, must transfer less than this. */
const HOME_BUDGET = 100 * 1024;
const ARTIFACTS = path.resolve(process.env.SPIEGA_ARTIFACTS_DIR || path.join(HERE, 'artifacts'));

let site;
let files = [];
let htmlFiles = [];
const raw = new Map(); // rel → HTML text
const parsed = new Map(); // rel → readPage()
const tagsOf = new Map(); // rel → tags()
let server;
let browser;

const langOf = (rel) => (rel.startsWith(`${OTHER_LANG}/`) ? OTHER_LANG : DEFAULT_LANG);
const urlOf = (rel) => server.origin + urlPathOf(rel);
const classes = (t) => (t.attrs.class ?? '').split(/\s+/).filter(Boolean);
const hasTag = (rel, pred) => tagsOf.get(rel).some(pred);
/** The output file a URL path (or absolute URL of the test server) is served from, or null. */
function fileOf(urlOrPath) {
  const p = new URL(urlOrPath, 'http://127.0.0.1').pathname;
  let r = resolvePath(site.dir, p);
  if (r.kind === 'redirect') r = resolvePath(site.dir, r.location);
  return r.kind === 'file' ? r.rel : null;
}
/** JSON-LD @type values of a page. */
function ldTypes(rel) {
  return [...raw.get(rel).matchAll(/"@type"\s*:\s*"([A-Za-z]+)"/g)].map((m) => m[1]);
}

/**
 * The page kinds of the bundled site, recognised by the theme's hooks (themes/explainer/README.md), so
 * that a kind the generator stops writing, or writes in one language only, is noticed.
 */
const KINDS = {
  home: (rel) => rel === 'index.html' || rel === `${OTHER_LANG}/index.html`,
  'content page (article)': (rel) => ldTypes(rel).includes('Article') && hasTag(rel, (t) => t.name === 'article'),
  'company page': (rel) => ldTypes(rel).includes('Organization') && !ldTypes(rel).includes('Article') && hasTag(rel, (t) => t.name === 'dl' && classes(t).includes('facts')),
  'chip page': (rel) => ldTypes(rel).includes('Product'),
  'full timeline': (rel) => hasTag(rel, (t) => t.name === 'a' && t.attrs['data-filter'] === 'all' && t.attrs['aria-current'] === 'page'),
  'filtered timeline': (rel) => hasTag(rel, (t) => t.name === 'a' && t.attrs['data-filter'] && t.attrs['data-filter'] !== 'all' && t.attrs['aria-current'] === 'page'),
  glossary: (rel) => hasTag(rel, (t) => t.name === 'dl' && classes(t).includes('glossary')) && hasTag(rel, (t) => t.name === 'dfn' && (t.attrs.id ?? '').startsWith('term-')),
  // The sources page is a content page: the one the site nav's last item ("Fonti"/"Sources") points to.
  'sources page': (rel) => rel === 'fonti/index.html' || rel === `${OTHER_LANG}/sources/index.html`,
  'tag list': (rel) => /^(en\/)?tags\/index\.html$/.test(rel),
  tag: (rel) => /^(en\/)?tags\/[^/]+\/index\.html$/.test(rel),
  '404': (rel) => rel === '404.html',
};

/** Opens `rel` (or a URL) in a fresh context; runs fn; then fails with whatever went wrong in the page. */
async function withPage(options, relOrUrl, fn) {
  const context = await newContext(browser, server, options);
  try {
    const url = relOrUrl.startsWith('http') ? relOrUrl : urlOf(relOrUrl);
    const { page, problems } = await openPage(context, url);
    try {
      await fn(page, problems, context);
    } finally {
      await page.close().catch(() => {});
    }
    for (const u of context.blocked) if (!problems.some((p) => p.includes(u))) problems.push(`request to another host (blocked): ${u}`);
    failWith('problems in the page (console errors, failed requests, other hosts):', problems);
  } finally {
    await context.close();
  }
}

/** Presses Tab until `pred(activeElement)` (evaluated in the page) holds; returns how many presses, or -1. */
async function tabTo(page, pred, max = 120) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred)) return i;
  }
  return -1;
}

describe('bundled site: interactions', { timeout: 20 * 60_000 }, () => {
  before(
    async () => {
      site = prepareSite();
      files = listFiles(site.dir);
      htmlFiles = files.filter((f) => f.endsWith('.html'));
      for (const rel of htmlFiles) {
        const html = fs.readFileSync(path.join(site.dir, rel), 'utf8');
        raw.set(rel, html);
        parsed.set(rel, readPage(html));
        tagsOf.set(rel, tags(html));
      }
      server = await startServer(site.dir);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      browser = await launch();
      process.stderr.write(`# interactions: ${htmlFiles.length} HTML pages at ${server.origin}${BASE_PATH}\n`);
    },
    { timeout: 30 * 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    site?.cleanup();
  });

  // ---------------------------------------------------------------------------------------------
  describe('page kinds', () => {
    it('every page kind exists in both languages (and so is in the every-page loops of site.test.mjs)', () => {
      const missing = [];
      for (const [kind, pred] of Object.entries(KINDS)) {
        if (kind === '404') {
          if (!htmlFiles.includes('404.html')) missing.push('404: no 404.html');
          continue;
        }
        for (const lang of [DEFAULT_LANG, OTHER_LANG]) {
          const found = htmlFiles.filter((rel) => langOf(rel) === lang && pred(rel));
          if (!found.length) missing.push(`${kind}: no ${lang} page`);
        }
      }
      failWith(`${missing.length} page kind(s) missing from the output (site.test.mjs loops over every .html file written):`, missing);
    });

    it('sitemap.xml lists every page kind, and every sitemap URL is a page of the output', () => {
      const sitemap = path.join(site.dir, 'sitemap.xml');
      ok(fs.existsSync(sitemap), 'no sitemap.xml');
      const text = fs.readFileSync(sitemap, 'utf8');
      const listed = new Set();
      const bad = [];
      for (const m of text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) {
        const rel = fileOf(m[1].replace(/&amp;/g, '&'));
        if (!rel) bad.push(`${m[1]}: no such page in the output`);
        else listed.add(rel);
      }
      for (const [kind, pred] of Object.entries(KINDS)) {
        if (kind === '404') continue;
        for (const lang of [DEFAULT_LANG, OTHER_LANG]) {
          const pages = htmlFiles.filter((rel) => langOf(rel) === lang && pred(rel));
          if (pages.length && !pages.some((rel) => listed.has(rel))) bad.push(`${kind} (${lang}): none of its ${pages.length} page(s) is in sitemap.xml, e.g. ${urlPathOf(pages[0])}`);
        }
      }
      failWith(`${bad.length} problem(s):`, bad);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('language switcher on a deep page', () => {
    /** A chip page of the default language and its twin, as the page's hreflang alternate names it. */
    function chipPair() {
      const from = htmlFiles.find((rel) => langOf(rel) === DEFAULT_LANG && KINDS['chip page'](rel));
      ok(from, 'no chip page in the default language');
      const alt = tagsOf.get(from).find((t) => t.name === 'link' && (t.attrs.rel ?? '').includes('alternate') && t.attrs.hreflang === OTHER_LANG);
      ok(alt, `${from}: no <link rel="alternate" hreflang="${OTHER_LANG}">`);
      const to = fileOf(alt.attrs.href);
      ok(to, `${from}: <link rel="alternate" hreflang="${OTHER_LANG}" href="${alt.attrs.href}"> is not a page of the output`);
      return { [DEFAULT_LANG]: from, [OTHER_LANG]: to };
    }
    const METHODS = activationMethods('the switcher link');
    for (const [method, how] of Object.entries(METHODS)) {
      for (const [from, to] of [[DEFAULT_LANG, OTHER_LANG], [OTHER_LANG, DEFAULT_LANG]]) {
        it(`by ${method}: a ${from} chip page → the same chip in ${to}`, { timeout: 60_000 }, async () => {
          const pair = chipPair();
          await withPage(how.options, pair[from], async (page) => {
            const h1 = (await page.locator('h1').first().textContent()).trim();
            const link = page.locator(`nav.lang-switcher a[hreflang="${to}"]`).first();
            ok((await link.count()) === 1, `${urlPathOf(pair[from])}: no nav.lang-switcher a[hreflang="${to}"]`);
            ok(await link.isVisible(), `${urlPathOf(pair[from])}: nav.lang-switcher a[hreflang="${to}"] is not visible`);
            await how.act(link, page);
            const want = urlPathOf(pair[to]);
            await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
            eq(new URL(page.url()).pathname, want, `${method} on nav.lang-switcher a[hreflang="${to}"] of ${urlPathOf(pair[from])}: the URL path after it`);
            await page.waitForLoadState('load');
            eq(await page.evaluate(() => document.documentElement.lang), to, `${want}: <html lang>`);
            const h1After = (await page.locator('h1').first().textContent()).trim();
            eq(h1After, h1, `${want}: the <h1> (the same chip's name)`);
          });
        });
      }
    }
  });

  // ---------------------------------------------------------------------------------------------
  describe('timeline filters', () => {
    /** The full timeline of a language, its events and one filter that keeps some but not all of them. */
    function timeline(lang = DEFAULT_LANG) {
      const rel = htmlFiles.find((r) => langOf(r) === lang && KINDS['full timeline'](r));
      ok(rel, `no full timeline page in ${lang} (a[data-filter="all"][aria-current="page"])`);
      const all = tagsOf.get(rel);
      const events = all
        .filter((t) => t.name === 'li' && classes(t).includes('event') && t.attrs['data-filters'] !== undefined)
        .map((t) => ({ id: t.attrs.id, keys: t.attrs['data-filters'].split(/\s+/).filter(Boolean) }));
      ok(events.length >= 2, `${rel}: fewer than 2 li.event[data-filters]`);
      const filters = all.filter((t) => t.name === 'a' && t.attrs['data-filter'] && t.attrs['data-filter'] !== 'all');
      ok(filters.length > 0, `${rel}: no nav.timeline-filters a[data-filter]`);
      const counts = (key) => events.filter((e) => e.keys.includes(key)).length;
      // A company filter that keeps some events and drops others, else any such filter.
      const pick =
        filters.find((t) => t.attrs['data-filter'].startsWith('companies:') && counts(t.attrs['data-filter']) > 1 && counts(t.attrs['data-filter']) < events.length) ??
        filters.find((t) => counts(t.attrs['data-filter']) > 0 && counts(t.attrs['data-filter']) < events.length);
      ok(pick, `${rel}: no filter keeps some events but not all`);
      const key = pick.attrs['data-filter'];
      return {
        rel,
        events,
        key,
        href: pick.attrs.href,
        title: pick.attrs['data-title'] ?? '',
        matching: events.filter((e) => e.keys.includes(key)).map((e) => e.id),
        // A category filter too, for the keyboard (so not every method tests the same link).
        other: filters.find((t) => t.attrs['data-filter'].startsWith('categories:') && counts(t.attrs['data-filter']) > 0 && counts(t.attrs['data-filter']) < events.length),
      };
    }

    /** What the page shows now: visible events with their keys, hidden ones, empty years shown, count, current link. */
    function state(page) {
      return page.evaluate(() => {
        const vis = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
        const events = [...document.querySelectorAll('ol.timeline > li.event')];
        const current = [...document.querySelectorAll('nav.timeline-filters a[aria-current="page"]')];
        return {
          shown: events.filter(vis).map((li) => ({ id: li.id, keys: (li.getAttribute('data-filters') ?? '').split(/\s+/) })),
          hidden: events.filter((li) => !vis(li)).map((li) => li.id),
          emptyYearsShown: [...document.querySelectorAll('section.timeline-year')]
            .filter((s) => vis(s) && ![...s.querySelectorAll('li.event')].some(vis))
            .map((s) => s.querySelector('h2')?.id ?? '(a year)'),
          count: document.querySelector('.timeline-count')?.textContent.trim() ?? null,
          title: document.querySelector('.filter-title')?.textContent ?? null,
          current: current.map((a) => a.getAttribute('data-filter')),
          path: location.pathname,
          marker: window.__spiegaNoReload === true,
        };
      });
    }

    function checkFiltered(s, tl, key, matching, { inPlace }) {
      const bad = [];
      const shownIds = s.shown.map((e) => e.id);
      for (const e of s.shown) if (!e.keys.includes(key)) bad.push(`li.event#${e.id} is shown but its data-filters "${e.keys.join(' ')}" lack "${key}"`);
      for (const id of matching) if (!shownIds.includes(id)) bad.push(`li.event#${id} matches "${key}" but is not shown`);
      if (s.emptyYearsShown.length) bad.push(`year section(s) with no event shown are still visible: ${s.emptyYearsShown.join(', ')}`);
      const n = matching.length;
      if (!s.count || !new RegExp(`^${n}\\b`).test(s.count)) bad.push(`the count .timeline-count reads ${JSON.stringify(s.count)}, expected it to start with ${n}`);
      if (s.current.length !== 1 || s.current[0] !== key) bad.push(`aria-current="page" is on [${s.current.join(', ')}], expected only a[data-filter="${key}"]`);
      const want = new URL(tl.href ?? '', 'http://127.0.0.1').pathname;
      if (s.path !== want) bad.push(`the URL path is ${s.path}, expected the filter's page ${want}`);
      if (inPlace && !s.marker) bad.push('the page was reloaded: timeline-filter.js did not filter in place (the link was followed)');
      return bad;
    }

    it('without JavaScript: a filter link leads to a page listing only the matching events', { timeout: 60_000 }, async () => {
      const tl = timeline();
      await withPage({ ...DESKTOP, javaScriptEnabled: false }, tl.rel, async (page) => {
        const link = page.locator(`nav.timeline-filters a[data-filter="${tl.key}"]`).first();
        await link.click();
        const want = new URL(tl.href, 'http://127.0.0.1').pathname;
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        await page.waitForLoadState('load');
        const s = await state(page);
        const bad = checkFiltered(s, tl, tl.key, tl.matching, { inPlace: false });
        if (s.hidden.length) bad.push(`the filter page has events that do not match and are merely hidden: ${s.hidden.join(', ')}`);
        if (s.title !== null && !s.title.includes(tl.title)) bad.push(`.filter-title reads ${JSON.stringify(s.title)}, expected it to name ${JSON.stringify(tl.title)}`);
        failWith(`${tl.rel}, no JavaScript, after following a[data-filter="${tl.key}"]:`, bad);
      });
    });

    const METHODS = activationMethods('the filter link');
    for (const [method, how] of Object.entries(METHODS)) {
      for (const lang of method === 'mouse' ? [DEFAULT_LANG, OTHER_LANG] : [DEFAULT_LANG]) {
        it(`with JavaScript, by ${method}${method === 'touch' ? ' at 390px' : ''} (${lang}): only the matching events are shown, the count, URL and aria-current follow`, { timeout: 60_000 }, async () => {
          const tl = timeline(lang);
          const filter = method === 'keyboard' && tl.other ? { key: tl.other.attrs['data-filter'], href: tl.other.attrs.href, title: tl.other.attrs['data-title'] ?? '' } : tl;
          const matching = tl.events.filter((e) => e.keys.includes(filter.key)).map((e) => e.id);
          await withPage(how.options, tl.rel, async (page) => {
            await page.evaluate(() => {
              window.__spiegaNoReload = true;
            });
            const link = page.locator(`nav.timeline-filters a[data-filter="${filter.key}"]`).first();
            ok(await link.count(), `${tl.rel}: no a[data-filter="${filter.key}"]`);
            await how.act(link, page);
            const want = new URL(filter.href, 'http://127.0.0.1').pathname;
            await page.waitForURL((u) => u.pathname === want, { timeout: 5_000 }).catch(() => {});
            await page.waitForLoadState('load');
            const s = await state(page);
            if (method === 'touch') await page.screenshot({ path: path.join(ARTIFACTS, 'timeline-filtered-390.png') });
            const bad = checkFiltered(s, filter, filter.key, matching, { inPlace: true });
            if (!s.title?.includes(filter.title)) bad.push(`.filter-title reads ${JSON.stringify(s.title)}, expected it to name ${JSON.stringify(filter.title)}`);
            failWith(`${urlPathOf(tl.rel)} by ${method}, after a[data-filter="${filter.key}"]:`, bad);

            if (method === 'mouse') {
              // Back to every event with the "all" link.
              await page.locator('nav.timeline-filters a[data-filter="all"]').first().click();
              await page.waitForURL((u) => u.pathname === urlPathOf(tl.rel), { timeout: 5_000 }).catch(() => {});
              const s2 = await state(page);
              const bad2 = [];
              if (s2.hidden.length) bad2.push(`still hidden: ${s2.hidden.join(', ')}`);
              if (s2.shown.length !== tl.events.length) bad2.push(`${s2.shown.length} events shown, expected all ${tl.events.length}`);
              if (!new RegExp(`^${tl.events.length}\\b`).test(s2.count ?? '')) bad2.push(`the count reads ${JSON.stringify(s2.count)}`);
              if (s2.current.join() !== 'all') bad2.push(`aria-current="page" is on [${s2.current.join(', ')}], expected only a[data-filter="all"]`);
              if (s2.path !== urlPathOf(tl.rel)) bad2.push(`the URL path is ${s2.path}, expected ${urlPathOf(tl.rel)}`);
              if (!s2.marker) bad2.push('the page was reloaded');
              failWith(`${urlPathOf(tl.rel)}: after a[data-filter="all"]:`, bad2);

              // Back: the address is the filter page again, and what the page shows is that page's list.
              // timeline-filter.js reloads the page on popstate: wait for that load.
              const reloaded = page.waitForEvent('load', { timeout: 5_000 }).catch(() => {});
              await page.goBack().catch(() => {});
              await reloaded;
              await page.waitForLoadState('load');
              const s3 = await state(page);
              const bad3 = checkFiltered(s3, filter, filter.key, matching, { inPlace: false });
              failWith(`${urlPathOf(tl.rel)}: Back after "all" (should show the ${filter.key} filter again):`, bad3);
            }
          });
        });
      }
    }
  });

  // ---------------------------------------------------------------------------------------------
  describe('glossary previews', () => {
    /** A default-language page with a.glossary-term links; withTemplates: it carries template.glossary-preview. */
    function glossaryPage(withTemplates) {
      const candidates = htmlFiles.filter((rel) => {
        if (langOf(rel) !== DEFAULT_LANG) return false;
        const t = tagsOf.get(rel);
        const links = t.some((x) => x.name === 'a' && classes(x).includes('glossary-term') && x.attrs['data-term']);
        const tpl = t.some((x) => x.name === 'template' && classes(x).includes('glossary-preview'));
        return links && tpl === withTemplates;
      });
      // Prefer an article (the page kind the previews are for).
      candidates.sort((a, b) => Number(!parsed.get(a).hasArticle) - Number(!parsed.get(b).hasArticle) || a.localeCompare(b));
      return candidates[0];
    }
    /** The first a.glossary-term of the page (in main), its term id, href and the definition text it should show. */
    function firstTerm(rel, wanted) {
      const link = tagsOf.get(rel).find((x) => x.name === 'a' && classes(x).includes('glossary-term') && x.attrs['data-term'] && (!wanted || x.attrs['data-term'] === wanted));
      const id = link.attrs['data-term'];
      const target = fileOf(link.attrs.href);
      ok(target, `${rel}: a.glossary-term[data-term="${id}"] href="${link.attrs.href}" is not a page of the output`);
      // The definition, from the glossary page: the first words of .definition after dfn#term-<id>.
      const g = raw.get(target);
      const at = g.indexOf(`id="term-${id}"`);
      ok(at >= 0, `${target}: no dfn#term-${id}`);
      const def = /<div class="definition">([\s\S]*?)<\/div>/.exec(g.slice(at));
      ok(def, `${target}: no .definition after dfn#term-${id}`);
      const text = def[1].replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/gi, ' ').replace(/\s+/g, ' ').trim();
      return { id, href: link.attrs.href, target, words: text.split(' ').slice(0, 4).join(' ') };
    }
    /** The preview as the page shows it. */
    function preview(page, id) {
      return page.evaluate((term) => {
        const link = document.querySelector(`a.glossary-term[data-term="${term}"]`);
        const ref = link?.getAttribute('aria-describedby') ?? null;
        const tips = [...document.querySelectorAll('[role="tooltip"]')];
        const shown = tips.filter((t) => t.checkVisibility({ visibilityProperty: true, opacityProperty: true }));
        const tip = shown[0] ?? null;
        const r = tip?.getBoundingClientRect();
        return {
          describedby: ref,
          refersToShown: !!ref && ref.split(/\s+/).some((i) => shown.some((t) => t.id === i)),
          shown: shown.length,
          text: tip ? tip.textContent.replace(/\s+/g, ' ').trim() : '',
          box: r ? { left: r.left + scrollX, right: r.right + scrollX, width: r.width, height: r.height } : null,
          docWidth: document.documentElement.clientWidth,
          path: location.pathname,
          hash: location.hash,
        };
      }, id);
    }
    const norm = (s) => s.replace(/[’']/g, "'").replace(/\s+/g, ' ');
    function checkShown(p, term, how) {
      const bad = [];
      if (!p.shown) bad.push(`${how}: no visible [role="tooltip"]`);
      else {
        if (!norm(p.text).includes(norm(term.words))) bad.push(`${how}: the preview reads ${JSON.stringify(p.text.slice(0, 120))}, expected the definition (${JSON.stringify(term.words)}…)`);
        if (p.box && (p.box.left < 0 || p.box.right > p.docWidth + 0.5)) bad.push(`${how}: the preview sticks out of the page (${Math.round(p.box.left)}..${Math.round(p.box.right)}px of ${p.docWidth}px)`);
      }
      if (!p.refersToShown) bad.push(`${how}: the link's aria-describedby is ${JSON.stringify(p.describedby)}, expected the id of the visible tooltip`);
      return bad;
    }
    const waitShown = (page) => page.waitForSelector('[role="tooltip"]', { state: 'visible', timeout: 5_000 }).catch(() => {});
    const waitHidden = (page) => page.waitForSelector('[role="tooltip"]', { state: 'hidden', timeout: 5_000 }).catch(() => {});

    it('by mouse: hovering a term shows its definition (role=tooltip, aria-describedby); leaving hides it', { timeout: 60_000 }, async () => {
      const rel = glossaryPage(true);
      ok(rel, 'no default-language page with a.glossary-term and template.glossary-preview');
      const term = firstTerm(rel);
      await withPage(DESKTOP, rel, async (page) => {
        const link = page.locator(`a.glossary-term[data-term="${term.id}"]`).first();
        await link.hover();
        await waitShown(page);
        failWith(`${urlPathOf(rel)}, a.glossary-term[data-term="${term.id}"]:`, checkShown(await preview(page, term.id), term, 'hover'));
        await page.screenshot({ path: path.join(ARTIFACTS, 'glossary-preview-1440.png') });
        // The pointer can move onto the preview (to reach its link) without closing it.
        const tip = page.locator('[role="tooltip"]:visible').first();
        const box = await tip.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(10, box.height / 2), { steps: 4 });
        await page.waitForTimeout(600); // longer than the theme's 300 ms hide delay
        ok((await preview(page, term.id)).shown, `${urlPathOf(rel)}: the preview of "${term.id}" closed when the pointer moved onto it`);
        await page.mouse.move(2, 2);
        await waitHidden(page);
        const p = await preview(page, term.id);
        ok(!p.shown, `${urlPathOf(rel)}: the preview of "${term.id}" stays visible after the pointer left the term`);
        ok(!p.describedby, `${urlPathOf(rel)}: a.glossary-term[data-term="${term.id}"] keeps aria-describedby="${p.describedby}" after the preview closed`);
      });
    });

    it('by mouse, on a page without preview templates: the definition is fetched from the glossary', { timeout: 60_000 }, async () => {
      const rel = glossaryPage(false);
      if (!rel) return; // every page carries its templates
      const term = firstTerm(rel);
      await withPage(DESKTOP, rel, async (page) => {
        await page.locator(`a.glossary-term[data-term="${term.id}"]`).first().hover();
        await waitShown(page);
        failWith(`${urlPathOf(rel)} (no template.glossary-preview), a.glossary-term[data-term="${term.id}"]:`, checkShown(await preview(page, term.id), term, 'hover'));
      });
    });

    it('by keyboard: Tab to a term shows its preview, Escape hides it', { timeout: 90_000 }, async () => {
      const rel = glossaryPage(true);
      await withPage(DESKTOP, rel, async (page) => {
        const n = await tabTo(page, () => document.activeElement?.matches('a.glossary-term[data-term]') ?? false, 150);
        ok(n > 0, `${urlPathOf(rel)}: 150 Tab presses never focused an a.glossary-term`);
        const id = await page.evaluate(() => document.activeElement.getAttribute('data-term'));
        const focused = firstTerm(rel, id);
        await waitShown(page);
        failWith(`${urlPathOf(rel)}, a.glossary-term[data-term="${id}"] focused by Tab (${n} presses):`, checkShown(await preview(page, id), focused, 'focus'));
        await page.keyboard.press('Escape');
        await waitHidden(page);
        const p = await preview(page, id);
        ok(!p.shown, `${urlPathOf(rel)}: Escape did not hide the preview of "${id}"`);
        ok(!p.describedby, `${urlPathOf(rel)}: a.glossary-term[data-term="${id}"] keeps aria-describedby after Escape`);
        ok(await page.evaluate(() => document.activeElement?.matches('a.glossary-term[data-term]') ?? false), `${urlPathOf(rel)}: Escape moved the focus away from the term`);
      });
    });

    it('by touch at 390px: the first tap shows the preview, the second follows the link to the glossary entry', { timeout: 60_000 }, async () => {
      const rel = glossaryPage(true);
      const term = firstTerm(rel);
      await withPage(PHONE, rel, async (page) => {
        const link = page.locator(`a.glossary-term[data-term="${term.id}"]`).first();
        await link.tap();
        await waitShown(page);
        await page.waitForTimeout(300); // a navigation the tap may have started
        const p = await preview(page, term.id);
        await page.screenshot({ path: path.join(ARTIFACTS, 'glossary-first-tap-390.png') });
        ok(p.path === urlPathOf(rel), `${urlPathOf(rel)}: the first tap on a.glossary-term[data-term="${term.id}"] followed the link (now at ${p.path}${p.hash}) instead of showing the preview`);
        failWith(`${urlPathOf(rel)}, a.glossary-term[data-term="${term.id}"], first tap:`, checkShown(p, term, 'first tap'));
        await link.tap();
        const want = urlPathOf(term.target);
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        await page.waitForLoadState('load');
        const at = new URL(page.url());
        eq(at.pathname, want, `${urlPathOf(rel)}: the second tap on a.glossary-term[data-term="${term.id}"]: the URL path after it`);
        eq(at.hash, `#term-${term.id}`, 'the second tap: the URL fragment');
        ok(await page.locator(`#term-${term.id}`).count(), `${want}: no #term-${term.id}`);
      });
    });

    it('without JavaScript: a term is a plain link to its glossary entry (#term-<id>)', { timeout: 60_000 }, async () => {
      const rel = glossaryPage(true);
      const term = firstTerm(rel);
      await withPage({ ...DESKTOP, javaScriptEnabled: false }, rel, async (page) => {
        const link = page.locator(`a.glossary-term[data-term="${term.id}"]`).first();
        await link.click();
        const want = urlPathOf(term.target);
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        await page.waitForLoadState('load');
        const at = new URL(page.url());
        eq(at.pathname, want, `${urlPathOf(rel)}: following a.glossary-term[data-term="${term.id}"] without JavaScript: the URL path`);
        eq(at.hash, `#term-${term.id}`, 'the URL fragment');
        const target = page.locator(`#term-${term.id}`);
        ok(await target.count(), `${want}: no #term-${term.id}`);
        ok(await target.isVisible(), `${want}: #term-${term.id} is not visible`);
        ok(await target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; }), `${want}: #term-${term.id} was not scrolled into view`);
      });
    });

  });

  // ---------------------------------------------------------------------------------------------
  describe('search', () => {
    /** The search index of a language, as the home page's form names it. */
    function searchIndex(lang) {
      const home = lang === DEFAULT_LANG ? 'index.html' : `${OTHER_LANG}/index.html`;
      const form = tagsOf.get(home).find((t) => t.name === 'form' && classes(t).includes('site-search'));
      ok(form, `${home}: no form.site-search`);
      const rel = fileOf(form.attrs['data-index'] ?? '');
      ok(rel, `${home}: form.site-search[data-index="${form.attrs['data-index']}"] is not a file of the output`);
      return { home, url: urlPathOf(rel), entries: JSON.parse(fs.readFileSync(path.join(site.dir, rel), 'utf8')) };
    }
    /** The result links listed now. */
    const results = (page) =>
      page.evaluate(() => [...document.querySelectorAll('ul.search-results a')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), visible: a.checkVisibility() })));
    const waitResults = (page) => page.waitForSelector('ul.search-results a', { state: 'visible', timeout: 10_000 }).catch(() => {});
    const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

    it('every URL of each language\'s search index is a page of the output in that language (and its #fragment an id there)', () => {
      const bad = [];
      for (const lang of [DEFAULT_LANG, OTHER_LANG]) {
        const idx = searchIndex(lang);
        ok(Array.isArray(idx.entries) && idx.entries.length > 0, `${idx.url}: not a non-empty array`);
        for (const e of idx.entries) {
          const u = new URL(e.url ?? '', 'http://127.0.0.1');
          const rel = fileOf(u.pathname);
          if (!rel || !rel.endsWith('.html')) {
            bad.push(`${idx.url}: "${e.title}" → ${e.url}: no such page`);
            continue;
          }
          if (langOf(rel) !== lang) bad.push(`${idx.url}: "${e.title}" → ${e.url}: a ${langOf(rel)} page`);
          const frag = decodeURIComponent(u.hash.slice(1));
          if (frag && !parsed.get(rel).ids.has(frag)) bad.push(`${idx.url}: "${e.title}" → ${e.url}: no id="${frag}" in ${rel}`);
        }
      }
      failWith(`${bad.length} broken search result(s):`, bad);
    });

    it('without JavaScript: the search form is hidden and not in the accessibility tree', { timeout: 60_000 }, async () => {
      await withPage({ ...DESKTOP, javaScriptEnabled: false }, 'index.html', async (page) => {
        ok(await page.locator('form.site-search').count(), 'the home page has no form.site-search');
        ok(!(await page.locator('form.site-search').isVisible()), 'form.site-search is visible without JavaScript');
        eq(await page.getByRole('search').count(), 0, 'elements of role "search" in the accessibility tree without JavaScript');
        eq(await page.getByRole('searchbox').count(), 0, 'elements of role "searchbox" in the accessibility tree without JavaScript');
        const snap = await page.locator('body').ariaSnapshot();
        ok(!/search|searchbox/i.test(snap.split('\n').filter((l) => /^\s*- (search|searchbox)\b/.test(l)).join('\n')), 'the accessibility tree has a search landmark or search box');
      });
    });

    it('by keyboard: Tab to the box, an accent-free query ("perche") lists "Perché…" pages; Tab reaches the results; Enter opens one', { timeout: 90_000 }, async () => {
      const idx = searchIndex(DEFAULT_LANG);
      const expect = idx.entries.filter((e) => fold(`${e.title} ${e.text}`).includes('perche'));
      ok(expect.length > 0, `${idx.url} has no entry with "perché"`);
      ok(expect.some((e) => /Perché/.test(e.title)), `${idx.url} has no entry titled "Perché…" (the example of the issue)`);
      await withPage(DESKTOP, 'index.html', async (page) => {
        const requested = [];
        page.on('request', (r) => requested.push(new URL(r.url()).pathname));
        ok(await page.locator('form.site-search').isVisible(), 'form.site-search is not visible with JavaScript');
        const n = await tabTo(page, () => document.activeElement?.matches('form.site-search input[type="search"]') ?? false, 20);
        ok(n > 0, '20 Tab presses never focused form.site-search input[type=search]');
        await page.keyboard.type('perche');
        await waitResults(page);
        const list = await results(page);
        ok(list.length > 0, `typing "perche" listed no result (status: ${JSON.stringify(await page.locator('.search-status').textContent())})`);
        ok(list.every((r) => r.visible), 'some result links are not visible');
        ok(list.some((r) => /Perché/.test(r.text)), `typing "perche" listed ${list.map((r) => JSON.stringify(r.text)).join(', ')}, none titled "Perché…"`);
        const status = (await page.locator('.search-status').textContent()).trim();
        ok(/\d/.test(status), `the status .search-status reads ${JSON.stringify(status)}, expected a count`);
        ok(requested.includes(idx.url), `the Italian page did not fetch its own index ${idx.url} (fetched: ${requested.filter((p) => p.endsWith('.json')).join(', ') || 'no JSON'})`);
        // Tab from the box reaches the first result.
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => ({ inResults: !!document.activeElement?.closest('ul.search-results'), href: document.activeElement?.getAttribute('href'), what: document.activeElement?.outerHTML.slice(0, 120) }));
        ok(focused.inResults, `Tab from the search box focused ${focused.what}, not a result link`);
        await page.keyboard.press('Enter');
        const want = new URL(focused.href, page.url()).pathname;
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        await page.waitForLoadState('load');
        const at = new URL(page.url()).pathname;
        eq(at, want, 'Enter on the focused result: the URL path after it');
        ok(fileOf(at), `the result led to ${at}, which is not a page of the output`);
        eq(await page.evaluate(() => document.documentElement.lang), DEFAULT_LANG, `${at}: <html lang>`);
      });
    });

    it('by keyboard: "trainium" lists the Trainium pages; Enter in the box opens the first result', { timeout: 60_000 }, async () => {
      await withPage(DESKTOP, 'index.html', async (page) => {
        await page.locator('form.site-search input[type="search"]').focus();
        await page.keyboard.type('trainium');
        await waitResults(page);
        const list = await results(page);
        ok(list.length > 0, 'typing "trainium" listed no result');
        ok(list.some((r) => /Trainium/.test(r.text)), `typing "trainium" listed ${list.map((r) => JSON.stringify(r.text)).join(', ')}, none titled "…Trainium…"`);
        await page.screenshot({ path: path.join(ARTIFACTS, 'search-results-1440.png') });
        // ArrowDown moves into the results, ArrowUp back to the box, Escape clears.
        const where = () => page.evaluate(() => (document.activeElement?.matches('input[type="search"]') ? 'input' : document.activeElement?.closest('ul.search-results') ? `result ${[...document.querySelectorAll('ul.search-results a')].indexOf(document.activeElement)}` : document.activeElement?.outerHTML.slice(0, 80)));
        await page.keyboard.press('ArrowDown');
        eq(await where(), 'result 0', 'ArrowDown in the search box: the focus');
        if (list.length > 1) {
          await page.keyboard.press('ArrowDown');
          eq(await where(), 'result 1', 'a second ArrowDown: the focus');
          await page.keyboard.press('ArrowUp');
        }
        await page.keyboard.press('ArrowUp');
        eq(await where(), 'input', 'ArrowUp from the first result: the focus');
        await page.keyboard.press('Escape');
        eq(await page.locator('form.site-search input[type="search"]').inputValue(), '', 'Escape: the search box value');
        eq(await page.locator('ul.search-results a').count(), 0, 'Escape: result links left');
        await page.keyboard.type('trainium');
        await waitResults(page);
        await page.keyboard.press('Enter');
        const want = new URL(list[0].href, page.url()).pathname;
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        eq(new URL(page.url()).pathname, want, 'Enter in the search box: the URL path (the first result)');
        ok(fileOf(want), `the first result ${want} is not a page of the output`);
      });
    });

    it('by touch at 390px: tap into the box, type, tap a result', { timeout: 60_000 }, async () => {
      await withPage(PHONE, 'index.html', async (page) => {
        const input = page.locator('form.site-search input[type="search"]');
        ok(await input.isVisible(), 'the search box is not visible at 390px');
        await input.tap();
        ok(await input.evaluate((el) => document.activeElement === el), 'tapping the search box did not focus it');
        await page.keyboard.type('trainium');
        await waitResults(page);
        const list = await results(page);
        ok(list.length > 0, 'typing "trainium" after a tap listed no result');
        await page.screenshot({ path: path.join(ARTIFACTS, 'search-results-390.png') });
        const target = page.locator('ul.search-results a').first();
        const href = await target.getAttribute('href');
        await target.tap();
        const want = new URL(href, page.url()).pathname;
        await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
        eq(new URL(page.url()).pathname, want, 'tapping the first result: the URL path after it');
        ok(fileOf(want), `the result ${want} is not a page of the output`);
      });
    });

    for (const lang of [DEFAULT_LANG, OTHER_LANG]) {
      it(`the ${lang} pages search the ${lang} index only`, { timeout: 60_000 }, async () => {
        const idx = searchIndex(lang);
        const other = searchIndex(lang === DEFAULT_LANG ? OTHER_LANG : DEFAULT_LANG);
        ok(idx.url !== other.url, `both languages name the same index ${idx.url}`);
        // A deep page of this language, not only the home page.
        const deep = htmlFiles.find((rel) => langOf(rel) === lang && KINDS['chip page'](rel)) ?? idx.home;
        await withPage(DESKTOP, deep, async (page) => {
          const requested = [];
          page.on('request', (r) => requested.push(new URL(r.url()).pathname));
          await page.locator('form.site-search input[type="search"]').focus();
          await page.keyboard.type('trainium');
          await waitResults(page);
          const list = await results(page);
          ok(list.length > 0, `${urlPathOf(deep)}: "trainium" listed no result`);
          const json = requested.filter((p) => p.endsWith('.json'));
          ok(json.includes(idx.url), `${urlPathOf(deep)}: fetched ${json.join(', ') || 'no index'}, expected ${idx.url}`);
          ok(!json.includes(other.url), `${urlPathOf(deep)}: fetched the other language's index ${other.url}`);
          const wrong = list.filter((r) => (langOf(fileOf(new URL(r.href, page.url()).pathname) ?? '') !== lang));
          failWith(`${urlPathOf(deep)}: results that are not ${lang} pages:`, wrong.map((r) => `${r.text} → ${r.href}`));
          const titles = new Set(idx.entries.map((e) => e.title));
          const foreign = list.filter((r) => !titles.has(r.text));
          failWith(`${urlPathOf(deep)}: results whose titles are not in ${idx.url}:`, foreign.map((r) => r.text));
        });
      });
    }
  });

  // ---------------------------------------------------------------------------------------------
  describe('weight', () => {
    for (const opts of [DESKTOP, PHONE]) {
      it(`the home page with its CSS, JS and images weighs under ${HOME_BUDGET / 1024} KB (${opts.viewport.width}px)`, { timeout: 60_000 }, async () => {
        const context = await newContext(browser, server, opts);
        try {
          const page = await context.newPage();
          const sizes = [];
          const pending = [];
          page.on('response', (res) => {
            pending.push(
              res
                .body()
                .then((b) => sizes.push({ url: new URL(res.url()).pathname, bytes: b.length }))
                .catch(() => sizes.push({ url: new URL(res.url()).pathname, bytes: 0 })),
            );
          });
          await page.goto(urlOf('index.html'), { waitUntil: 'load' });
          await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
          await Promise.all(pending);
          await page.close();
          const total = sizes.reduce((s, r) => s + r.bytes, 0);
          const list = sizes.sort((a, b) => b.bytes - a.bytes).map((r) => `${r.url}: ${(r.bytes / 1024).toFixed(1)} KB`).join(', ');
          ok(sizes.some((r) => r.url.endsWith('.css')), `the home page loaded no CSS? (${list})`);
          ok(total < HOME_BUDGET, `the home page loads ${(total / 1024).toFixed(1)} KB, over the ${HOME_BUDGET / 1024} KB budget: ${list}`);
          process.stderr.write(`# home page at ${opts.viewport.width}px: ${(total / 1024).toFixed(1)} KB in ${sizes.length} responses (${list})\n`);
          ok(context.blocked.length === 0, `requests to other hosts: ${context.blocked.join(', ')}`);
        } finally {
          await context.close();
        }
      });
    }
  });
});

