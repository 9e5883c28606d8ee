// Browser and link checks of a built Spiega site. See README.md beside this file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  formatViolations,
  horizontalOverflow,
  launch,
  newContext,
  openPage,
  pageVisitor,
  runAxe,
} from './lib/browser.mjs';
import { eq, failWith, ok } from './lib/check.mjs';
import { decodeEntities, readPage } from './lib/html.mjs';
import { resolvePath, startServer } from './lib/server.mjs';
import { BASE_PATH, BASE_URL, HERE, listFiles, prepareSite, urlPathOf } from './lib/site.mjs';

const ARTIFACTS = path.resolve(process.env.SPIEGA_ARTIFACTS_DIR || path.join(HERE, 'artifacts'));
const WIDTHS = [
  { width: 1440, height: 900, tag: '1440px', file: '1440' },
  { width: 390, height: 844, tag: '390px', file: '390' },
];
/** Every page is checked in each of these views: both widths, and the theme's dark scheme on a wide screen. */
const VIEWS = [...WIDTHS, { width: 1440, height: 900, colorScheme: 'dark', tag: '1440px dark', file: '1440-dark' }];
/** The site's default language and another one (SPIEGA_DEFAULT_LANG, SPIEGA_OTHER_LANG for a fixture). */
const DEFAULT_LANG = process.env.SPIEGA_DEFAULT_LANG || 'it';
const OTHER_LANG = process.env.SPIEGA_OTHER_LANG || 'en';
/** Resource-loading elements: pointing one of these at another host makes the page fetch from it. */
const RESOURCE_RELS = /\b(stylesheet|icon|preload|modulepreload|prefetch|manifest|apple-touch-icon|mask-icon)\b/;
const RESOURCE_TAGS = new Set(['img', 'script', 'iframe', 'source', 'audio', 'video', 'track', 'embed']);

let site; // { dir, built, log, cleanup }
let files = []; // every file, relative
let htmlFiles = []; // every *.html, relative
const parsed = new Map(); // rel → readPage()
let server;
let browser;

const isRedirect = (rel) => parsed.get(rel)?.refresh != null;
const urlOf = (rel) => server.origin + urlPathOf(rel);
const slug = (rel) => rel.replace(/\/?index\.html$/, '').replace(/\.html$/, '').replace(/[^a-zA-Z0-9-]+/g, '_') || 'home';

/**
 * The article page to screenshot: SPIEGA_ARTICLE, else the first default-language page two levels deep
 * (`<section>/<page>/index.html`) that has an <article> element, preferring articles/, never a taxonomy.
 */
function articlePage() {
  if (process.env.SPIEGA_ARTICLE) return process.env.SPIEGA_ARTICLE;
  const candidates = htmlFiles.filter(
    (r) =>
      !isRedirect(r) &&
      /^[^/]+\/[^/]+\/index\.html$/.test(r) &&
      !r.startsWith(`${OTHER_LANG}/`) &&
      !/^(tags|categories)\//.test(r),
  );
  const score = (r) => (r.startsWith('articles/') ? 0 : 2) + (parsed.get(r).hasArticle ? 0 : 1);
  candidates.sort((a, b) => score(a) - score(b) || a.localeCompare(b));
  return candidates[0] ?? htmlFiles.find((r) => r !== 'index.html' && r !== '404.html' && !isRedirect(r));
}

/**
 * Why the URL `raw` (found in a file served at `baseUrl`) is broken, or null when it resolves to a file of
 * the output (and its #fragment to an id there). Outbound links are not followed (no network); a resource
 * (image, script, stylesheet...) from another host is an error, and so is any other host when ownUrlsOnly.
 */
function checkUrl(raw, baseUrl, isResource, ownUrlsOnly = false) {
  let url;
  try {
    url = new URL(raw, baseUrl);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null; // mailto:, tel:, data:
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    if (ownUrlsOnly) return `not under the base URL ${BASE_URL} (was --base-url applied?)`;
    return isResource ? `loads a resource from another host (${url.host})` : null;
  }
  if (url.origin !== 'http://127.0.0.1') return `points to ${url.origin}, not the base URL's origin http://127.0.0.1`;
  let r = resolvePath(site.dir, url.pathname);
  if (r.kind === 'redirect') r = resolvePath(site.dir, r.location);
  if (r.kind === 'outside') return `outside the base path ${BASE_PATH} (breaks under a sub-path)`;
  if (r.kind !== 'file') return `${r.kind === 'missing' ? 'no such file' : 'invalid path'} (${url.pathname})`;
  const frag = url.hash.slice(1);
  if (!frag || !r.rel.endsWith('.html')) return null;
  let id;
  try {
    id = decodeURIComponent(frag);
  } catch {
    id = frag;
  }
  const target = parsed.get(r.rel);
  if (id === 'top' || target.ids.has(id) || target.names.has(id)) return null;
  return `no id="${id}" in ${r.rel}`;
}

function rawGet(urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: urlPath, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout on ${urlPath}`)));
    req.end();
  });
}

describe('spiega site', { timeout: 40 * 60_000 }, () => {
  before(
    async () => {
      site = prepareSite();
      process.stderr.write(`# site: ${site.dir}\n`);
      if (site.built && site.log.trim().split('\n').length > 1) process.stderr.write(`# ${site.log.trim().replace(/\n/g, '\n# ')}\n`);
      files = listFiles(site.dir);
      htmlFiles = files.filter((f) => f.endsWith('.html'));
      for (const rel of htmlFiles) parsed.set(rel, readPage(fs.readFileSync(path.join(site.dir, rel), 'utf8')));
      server = await startServer(site.dir);
      process.stderr.write(`# serving ${htmlFiles.length} HTML pages at ${server.origin}${BASE_PATH}\n`);
    },
    { timeout: 30 * 60_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    site?.cleanup();
  });

  describe('test server', () => {
    it('serves the home page under the base path as HTML', async () => {
      const res = await rawGet(BASE_PATH);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.deepEqual(res.body, fs.readFileSync(path.join(site.dir, 'index.html')));
    });

    it('redirects the base path without its slash, and folders without theirs', async () => {
      const res = await rawGet(BASE_PATH.slice(0, -1));
      assert.equal(res.status, 301);
      assert.equal(res.headers.location, BASE_PATH);
      const dir = htmlFiles.find((f) => f.endsWith('/index.html'));
      if (dir) {
        const noSlash = urlPathOf(dir).slice(0, -1);
        const r2 = await rawGet(noSlash);
        assert.equal(r2.status, 301, noSlash);
        assert.equal(r2.headers.location, `${noSlash}/`);
      }
    });

    it('gives each file the Content-Type of its extension', async () => {
      const want = { '.html': /^text\/html/, '.css': /^text\/css/, '.js': /^text\/javascript/, '.svg': /^image\/svg\+xml/, '.xml': /^application\/xml/ };
      let checked = 0;
      for (const [ext, re] of Object.entries(want)) {
        const rel = files.find((f) => f.endsWith(ext));
        if (!rel) continue;
        const res = await rawGet(urlPathOf(rel));
        assert.equal(res.status, 200, rel);
        assert.match(res.headers['content-type'], re, rel);
        checked++;
      }
      assert.ok(checked > 0, 'no .html/.css/.js/.svg/.xml file to check');
    });

    it("answers a missing page with 404 and the site's 404.html", async () => {
      const res = await rawGet(`${BASE_PATH}no/such/page/`);
      assert.equal(res.status, 404);
      const notFound = path.join(site.dir, '404.html');
      assert.ok(fs.existsSync(notFound), 'the site has no 404.html');
      assert.deepEqual(res.body, fs.readFileSync(notFound));
      assert.equal((await rawGet('/index.html')).status, 404, 'a path outside the base path');
    });

    it('refuses .. traversal', async () => {
      for (const p of [`${BASE_PATH}../package.json`, `${BASE_PATH}%2e%2e/%2e%2e/etc/passwd`, `${BASE_PATH}a/..%2f..%2fetc/passwd`, `${BASE_PATH}..%5c..%5cetc/passwd`]) {
        const res = await rawGet(p);
        assert.equal(res.status, 400, p);
      }
    });
  });

  describe('built site (static checks)', () => {
    it('has a home page, a 404 page and an English home page', () => {
      for (const f of ['index.html', '404.html', `${OTHER_LANG}/index.html`]) ok(files.includes(f), `the output has no ${f}`);
      ok(htmlFiles.length >= 3, `only ${htmlFiles.length} HTML files`);
    });

    it('every internal link, asset and #fragment resolves', () => {
      const broken = [];
      for (const rel of htmlFiles) {
        const pageUrl = new URL(urlPathOf(rel), 'http://127.0.0.1');
        const seen = new Set();
        for (const ref of parsed.get(rel).refs) {
          const raw = ref.value.trim();
          const key = `${ref.tag}|${ref.attr}|${raw}`;
          if (seen.has(key) || raw === '') continue;
          seen.add(key);
          const isResource = RESOURCE_TAGS.has(ref.tag) || (ref.tag === 'link' && RESOURCE_RELS.test(ref.rel));
          const why = checkUrl(raw, pageUrl, isResource);
          if (why) broken.push(`${rel}: <${ref.tag} ${ref.attr}="${raw}">: ${why}`);
        }
      }
      failWith(`${broken.length} broken link(s):`, broken);
    });

    it('sitemap.xml, the Atom feeds and robots.txt point only at files of the output', () => {
      const broken = [];
      let checked = 0;
      for (const rel of files) {
        const name = path.posix.basename(rel);
        if (!/^(sitemap\.xml|atom\.xml|rss\.xml|robots\.txt)$/.test(name)) continue;
        const text = fs.readFileSync(path.join(site.dir, rel), 'utf8');
        const urls =
          name === 'robots.txt'
            ? [...text.matchAll(/^\s*sitemap:\s*(\S+)/gim)].map((m) => m[1])
            : [
                ...[...text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]),
                ...[...text.matchAll(/<(?:xhtml:|atom:)?link\b[^>]*?\shref="([^"]+)"/g)].map((m) => m[1]),
                ...[...text.matchAll(/<link>\s*([^<\s]+)\s*<\/link>/g)].map((m) => m[1]),
              ];
        const fileUrl = new URL(urlPathOf(rel), 'http://127.0.0.1');
        for (const raw of new Set(urls.map(decodeEntities))) {
          checked++;
          const why = checkUrl(raw, fileUrl, false, true);
          if (why) broken.push(`${rel}: ${raw}: ${why}`);
        }
      }
      if (checked === 0) return; // no sitemap or feed in this output
      failWith(`${broken.length} broken URL(s):`, broken);
    });

    it('no page repeats an id', () => {
      const dups = [];
      for (const rel of htmlFiles) {
        for (const [id, n] of parsed.get(rel).ids) if (n > 1) dups.push(`${rel}: id="${id}" ×${n}`);
      }
      failWith(`${dups.length} duplicate id(s):`, dups);
    });

    it('every page declares its language, a title and a responsive viewport', () => {
      const bad = [];
      for (const rel of htmlFiles) {
        if (isRedirect(rel)) continue;
        const p = parsed.get(rel);
        const want = rel.startsWith(`${OTHER_LANG}/`) ? OTHER_LANG : DEFAULT_LANG;
        if (p.lang !== want) bad.push(`${rel}: <html lang="${p.lang ?? ''}">, expected "${want}"`);
        if (!p.title) bad.push(`${rel}: no <title>`);
        if (!p.viewport || !/width\s*=\s*device-width/.test(p.viewport)) bad.push(`${rel}: no <meta name="viewport" content="width=device-width, ...">`);
      }
      failWith(`${bad.length} problem(s):`, bad);
    });

    it('the language switcher on every page leads to a page in the language it names', () => {
      const bad = [];
      let withSwitcher = 0;
      for (const rel of htmlFiles) {
        const sw = parsed.get(rel).switcher;
        if (!sw) continue;
        withSwitcher++;
        for (const { hreflang, href } of sw) {
          if (!href) {
            bad.push(`${rel}: a[hreflang="${hreflang}"] has no href`);
            continue;
          }
          const url = new URL(href, new URL(urlPathOf(rel), 'http://127.0.0.1'));
          let r = resolvePath(site.dir, url.pathname);
          if (r.kind === 'redirect') r = resolvePath(site.dir, r.location);
          if (r.kind !== 'file') continue; // reported by the link check
          const lang = parsed.get(r.rel)?.lang;
          if (lang !== hreflang) bad.push(`${rel}: a[hreflang="${hreflang}"] → ${r.rel}, whose <html lang="${lang}">`);
        }
      }
      ok(parsed.get('index.html')?.switcher, 'the home page has no nav.lang-switcher');
      ok(withSwitcher > 0, 'no page has a nav.lang-switcher');
      failWith(`${bad.length} problem(s):`, bad);
    });
  });

  describe('in Chromium', () => {
    before(async () => {
      browser = await launch();
      fs.rmSync(path.join(ARTIFACTS, 'failures'), { recursive: true, force: true }); // from an earlier run
      fs.mkdirSync(ARTIFACTS, { recursive: true });
    }, { timeout: 120_000 });

    for (const vp of VIEWS) {
      it(`every page at ${vp.tag}: loads cleanly, passes axe-core, no horizontal scroll`, { timeout: 20 * 60_000 }, async (t) => {
        const context = await newContext(browser, server, {
          viewport: { width: vp.width, height: vp.height },
          colorScheme: vp.colorScheme ?? 'light',
        });
        const shots = new Map([
          ['index.html', `home-${vp.file}.png`],
          [articlePage(), `article-${vp.file}.png`],
        ]);
        // One page visits every URL of this view (a new page per URL costs more than the checks).
        let visitor = await pageVisitor(context);
        try {
          for (const rel of htmlFiles) {
            await t.test(`${rel} @${vp.tag}`, { timeout: 90_000, skip: isRedirect(rel) && 'a redirect page (meta refresh)' }, async () => {
              if (visitor.page.isClosed()) visitor = await pageVisitor(context); // a crash or timeout closed it
              const { page } = visitor;
              const problems = await visitor.visit(urlOf(rel));
              try {
                if (shots.has(rel)) await page.screenshot({ path: path.join(ARTIFACTS, shots.get(rel)), fullPage: true });
                const overflow = await horizontalOverflow(page);
                if (overflow) {
                  problems.push(
                    `horizontal scroll: scrollWidth ${overflow.scrollWidth}px > innerWidth ${overflow.innerWidth}px; sticking out:\n      ${overflow.culprits.join('\n      ') || '(none found)'}`,
                  );
                }
                const violations = await runAxe(page);
                if (violations.length) problems.push(`axe-core: ${violations.length} violation(s):\n${formatViolations(violations)}`);
                if (problems.length) {
                  fs.mkdirSync(path.join(ARTIFACTS, 'failures'), { recursive: true });
                  await page.screenshot({ path: path.join(ARTIFACTS, 'failures', `${slug(rel)}-${vp.file}.png`), fullPage: true }).catch(() => {});
                }
              } catch (err) {
                await page.close().catch(() => {}); // start the next URL in a fresh page
                throw err;
              }
              failWith(`${urlOf(rel)} at ${vp.tag}:`, problems);
            });
          }
        } finally {
          await context.close();
        }
      });
    }

    it('a missing URL deep under the base path shows the 404 page, with its assets', { timeout: 60_000 }, async () => {
      const context = await newContext(browser, server, { viewport: { width: 1440, height: 900 } });
      try {
        const url = `${server.origin}${BASE_PATH}no/such/deep/page/`;
        const { page, problems } = await openPage(context, url, { expectStatus: 404 });
        const want = /<title>([\s\S]*?)<\/title>/i.exec(fs.readFileSync(path.join(site.dir, '404.html'), 'utf8'))?.[1]?.trim();
        const title = await page.title();
        await page.close();
        failWith('problems while loading:', problems);
        if (want !== undefined) eq(title.trim(), decodeEntities(want), 'the document title (should be the one of 404.html)');
      } finally {
        await context.close();
      }
    });

    for (const vp of WIDTHS) {
      it(`skip link at ${vp.width}px: the first Tab focuses a visible a.skip-link, Enter moves to #main`, { timeout: 60_000 }, async () => {
        const context = await newContext(browser, server, { viewport: { width: vp.width, height: vp.height } });
        try {
          const { page, problems } = await openPage(context, urlOf('index.html'));
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const a = document.activeElement;
            if (!a || a === document.body) return { what: 'nothing (document.body)' };
            const r = a.getBoundingClientRect();
            const cx = r.left + r.width / 2;
            const cy = r.top + r.height / 2;
            const hit = r.width > 0 && r.height > 0 ? document.elementFromPoint(cx, cy) : null;
            const style = getComputedStyle(a);
            return {
              what: a.outerHTML.slice(0, 160),
              isSkipLink: a.matches('a.skip-link[href="#main"]'),
              rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
              inViewport: r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
              rendered: a.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
              clipped: style.clipPath !== 'none' && style.clipPath !== '' ? style.clipPath : style.clip !== 'auto' && style.clip !== '' ? style.clip : null,
              onTop: hit !== null && (hit === a || a.contains(hit)),
            };
          });
          ok(focused.isSkipLink, `the first Tab focused ${focused.what}, not a.skip-link[href="#main"]`);
          const r = focused.rect;
          const box = `at ${Math.round(r.left)},${Math.round(r.top)} size ${Math.round(r.width)}×${Math.round(r.height)}`;
          ok(focused.inViewport, `the focused skip link is not within the viewport (${box})`);
          ok(focused.rendered, 'the focused skip link is not rendered (display/visibility/opacity)');
          ok(!focused.clipped, `the focused skip link is still clipped (${focused.clipped})`);
          ok(focused.onTop, `the focused skip link is covered by another element (${box})`);

          await page.keyboard.press('Enter');
          await page.waitForFunction(() => location.hash === '#main', null, { timeout: 5_000 }).catch(() => {});
          const hash = await page.evaluate(() => location.hash);
          eq(hash, '#main', 'Enter on the skip link did not go to #main');
          const landed = await page.evaluate(() => {
            const main = document.getElementById('main');
            return { exists: !!main, focused: !!main && document.activeElement === main };
          });
          ok(landed.exists, 'the home page has no element with id="main"');
          if (!landed.focused) {
            // #main is not focusable itself: the next Tab must continue from #main, not from the header.
            await page.keyboard.press('Tab');
            const next = await page.evaluate(() => {
              const main = document.getElementById('main');
              const a = document.activeElement;
              const inOrAfter = a && (main.contains(a) || (main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
              return { inOrAfter, what: a ? a.outerHTML.slice(0, 160) : 'nothing' };
            });
            ok(next.inOrAfter, `after the skip link, Tab focused ${next.what}, which comes before #main`);
          }
          await page.close();
          failWith('problems while loading:', problems);
        } finally {
          await context.close();
        }
      });
    }

    const HOMES = { [DEFAULT_LANG]: BASE_PATH, [OTHER_LANG]: `${BASE_PATH}${OTHER_LANG}/` };
    const METHODS = {
      mouse: { options: { viewport: { width: 1440, height: 900 } }, act: (loc) => loc.click() },
      keyboard: {
        options: { viewport: { width: 1440, height: 900 } },
        act: async (loc, page) => {
          await loc.focus();
          const focused = await loc.evaluate((el) => document.activeElement === el);
          ok(focused, 'the switcher link cannot take keyboard focus');
          await page.keyboard.press('Enter');
        },
      },
      touch: { options: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }, act: (loc) => loc.tap() },
    };
    for (const [method, how] of Object.entries(METHODS)) {
      for (const [from, to] of [[DEFAULT_LANG, OTHER_LANG], [OTHER_LANG, DEFAULT_LANG]]) {
        it(`language switcher by ${method}: ${from} home → ${to} home`, { timeout: 60_000 }, async () => {
          const context = await newContext(browser, server, how.options);
          try {
            const { page, problems } = await openPage(context, server.origin + HOMES[from]);
            const fromLang = await page.evaluate(() => document.documentElement.lang);
            eq(fromLang, from, `${HOMES[from]}: <html lang>`);
            const link = page.locator(`nav.lang-switcher a[hreflang="${to}"]`);
            const n = await link.count();
            ok(n >= 1, `${HOMES[from]}: no nav.lang-switcher a[hreflang="${to}"]`);
            ok(await link.first().isVisible(), `${HOMES[from]}: nav.lang-switcher a[hreflang="${to}"] is not visible at this width`);
            await how.act(link.first(), page);
            const want = HOMES[to];
            await page.waitForURL((u) => u.pathname === want, { timeout: 10_000 }).catch(() => {});
            const at = new URL(page.url()).pathname;
            eq(at, want, `${method} on nav.lang-switcher a[hreflang="${to}"]: the URL path after it`);
            await page.waitForLoadState('load');
            const toLang = await page.evaluate(() => document.documentElement.lang);
            eq(toLang, to, `${want}: <html lang>`);
            await page.close();
            failWith('problems while loading:', problems);
          } finally {
            await context.close();
          }
        });
      }
    }

    it('saved the screenshots', () => {
      const article = articlePage();
      ok(article, 'no article page found to screenshot');
      for (const vp of VIEWS) {
        for (const f of [`home-${vp.file}.png`, `article-${vp.file}.png`]) {
          ok(fs.existsSync(path.join(ARTIFACTS, f)), `missing ${path.join(ARTIFACTS, f)}`);
        }
      }
    });
  });
});
