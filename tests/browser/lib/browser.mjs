// Headless Chromium (Debian's package) through playwright-core, with every request held to the test server.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { BASE_URL } from './site.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const NAV_TIMEOUT = 30_000;
export const ACTION_TIMEOUT = 10_000;

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter,OptimizationHints',
    ],
  });
}

/**
 * A browser context whose every request is checked: requests to the test server go through; requests to
 * the deployment origin of --base-url (http://127.0.0.1/spiega/..., port 80) are sent to the test server
 * instead, as they would reach the real site once deployed; anything else is aborted and recorded in
 * `ctx.blocked`. data:/blob: URLs are not network requests and are left alone.
 */
export async function newContext(browser, server, options = {}) {
  const context = await browser.newContext({ bypassCSP: true, reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  const blocked = [];
  const deployOrigin = new URL(BASE_URL).origin;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === server.origin) return route.continue();
    if (url.origin === deployOrigin) {
      return route.continue({ url: server.origin + url.pathname + url.search });
    }
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  context.blocked = blocked;
  return context;
}

/**
 * A page of `context` that can visit URL after URL, recording for each visit what went wrong while
 * loading: console errors, uncaught exceptions, failed requests, HTTP errors and requests to other hosts.
 * `visit(url, { expectStatus })` resolves to the list of problems of that visit (a live array: problems
 * that happen later, during interactions, are appended to it until the next visit).
 * Reusing one page for many URLs saves creating a page (and its renderer) per URL.
 */
export async function pageVisitor(context) {
  const page = await context.newPage();
  let problems = [];
  let url = null;
  let expectStatus = 200;
  const inflight = new Set();
  let lastActivity = Date.now();
  const activity = () => {
    lastActivity = Date.now();
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (text.includes('ERR_BLOCKED_BY_CLIENT')) return; // a request to another host: reported with its URL
    // Chromium logs the document's own 404 as a console error; that one is expected for the 404 check.
    if (expectStatus === 404 && /status of 404/.test(text) && msg.location().url === url) return;
    problems.push(`console error: ${text}${msg.location().url ? ` (${msg.location().url})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('request', (req) => {
    inflight.add(req);
    activity();
  });
  page.on('requestfinished', (req) => {
    inflight.delete(req);
    activity();
  });
  page.on('requestfailed', (req) => {
    inflight.delete(req);
    activity();
    const why = req.failure()?.errorText ?? 'failed';
    if (why.includes('ERR_BLOCKED_BY_CLIENT')) return; // reported below, with the host
    // Cancelled by the browser because the page went elsewhere (the next visit, a reload, a followed link;
    // often the favicon): not a fault of the site. A missing file is an HTTP error, reported below.
    if (why.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    const status = res.status();
    if (res.url() === url && res.request().isNavigationRequest()) return;
    if (status >= 400) problems.push(`HTTP ${status}: ${res.url()}`);
  });
  /** Resolves once no request has been pending for `quiet` ms (late requests: lazy images, fonts), or after `max`. */
  async function settle(quiet = 150, max = 5_000) {
    const start = Date.now();
    while (Date.now() - start < max) {
      if (inflight.size === 0 && Date.now() - lastActivity >= quiet) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function visit(target, options = {}) {
    problems = [];
    url = target;
    expectStatus = options.expectStatus ?? 200;
    inflight.clear();
    activity();
    const mine = problems;
    const blockedBefore = context.blocked.length;
    const response = await page.goto(target, { waitUntil: 'load' });
    if (!response) mine.push(`no response for ${target}`);
    else if (response.status() !== expectStatus) mine.push(`document status ${response.status()}, expected ${expectStatus}`);
    await settle();
    for (const u of context.blocked.slice(blockedBefore)) mine.push(`request to another host (blocked): ${u}`);
    return mine;
  }
  return { page, visit, settle };
}

/**
 * Opens `url` in a new page of `context` and records what went wrong while loading (see pageVisitor).
 * `expectStatus` is the status the document itself should have (200, or 404 for a missing page).
 */
export async function openPage(context, url, { expectStatus = 200 } = {}) {
  const { page, visit } = await pageVisitor(context);
  const problems = await visit(url, { expectStatus });
  return { page, problems };
}

/** Runs axe-core in the page; returns the violations. */
export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    async (tags) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
          summary: n.failureSummary,
        })),
      }));
    },
    AXE_TAGS,
  );
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      - ${n.target}${n.summary ? `\n        ${n.summary.replace(/\n\s*/g, ' | ')}` : ''}`)
        .join('\n');
      return `    [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** The page's horizontal overflow: null when none, else the scroll width and the elements sticking out. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const vw = window.innerWidth;
    if (doc.scrollWidth <= vw) return null;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      for (const c of el.classList) s += `.${c}`;
      return s;
    };
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e));
      return parts.join(' > ');
    };
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5) {
        // Only the outermost offenders: skip an element whose parent already sticks out.
        const p = el.parentElement?.getBoundingClientRect();
        if (p && p.right > vw + 0.5 && el.parentElement !== document.body) continue;
        culprits.push(`${path(el)} (right edge ${Math.round(r.right)}px)`);
        if (culprits.length >= 8) break;
      }
    }
    return { scrollWidth: doc.scrollWidth, innerWidth: vw, culprits };
  });
}
