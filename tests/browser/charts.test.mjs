// Charts of the bundled site (the chip page and the story of the deal, in both languages), in
// Chromium: at 390 px and 1440 px, in the light and dark schemes and as printed, axe-core finds
// nothing, nothing overflows the page, no two texts of a chart overlap as the browser lays them
// out (its own font metrics, not Spiega's estimate), every text stays inside its chart, and the
// chart colours differ from the background. Without JavaScript the data table opens and the CSV
// file downloads. (The Nu Html Checker runs over these pages in html.test.mjs.) See README.md.
import { after, before, describe, it } from 'node:test';
import { formatViolations, horizontalOverflow, launch, newContext, openPage, runAxe } from './lib/browser.mjs';
import { eq, failWith, ok } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';
import { prepareSite, urlPathOf } from './lib/site.mjs';

const PAGES = ['chip/index.html', 'en/chips/index.html', 'storia/accordo/index.html', 'en/story/deal/index.html'];
const VIEWS = [
  { name: '390 light', options: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } },
  { name: '1440 light', options: { viewport: { width: 1440, height: 900 } } },
  { name: '390 dark', options: { viewport: { width: 390, height: 844 }, colorScheme: 'dark' } },
  { name: '1440 dark', options: { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' } },
  { name: '1440 print', options: { viewport: { width: 1440, height: 900 } }, print: true },
];

let site;
let server;
let browser;

before(async () => {
  site = prepareSite();
  server = await startServer(site.dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
});

/** Overlaps between the texts of each chart, and texts outside their chart, as laid out. */
function layoutProblems() {
  const problems = [];
  for (const svg of document.querySelectorAll('svg.chart-svg')) {
    const frame = svg.getBoundingClientRect();
    const boxes = [];
    for (const text of svg.querySelectorAll('text')) {
      const parts = text.querySelectorAll('tspan').length ? text.querySelectorAll('tspan') : [text];
      for (const part of parts) {
        for (const r of part.getClientRects()) boxes.push({ text: part.textContent, r });
      }
    }
    const where = svg.closest('figure')?.id ?? '?';
    for (const [i, a] of boxes.entries()) {
      if (a.r.left < frame.left - 1 || a.r.right > frame.right + 1) {
        problems.push(`#${where}: "${a.text}" leaves the chart (${Math.round(a.r.left)}–${Math.round(a.r.right)} of ${Math.round(frame.left)}–${Math.round(frame.right)})`);
      }
      for (const b of boxes.slice(i + 1)) {
        // Glyph boxes include the line's leading: a 1 px overlap is two lines touching.
        const apart = a.r.right <= b.r.left + 1 || b.r.right <= a.r.left + 1 || a.r.bottom <= b.r.top + 1 || b.r.bottom <= a.r.top + 1;
        if (!apart) problems.push(`#${where}: "${a.text}" overlaps "${b.text}"`);
      }
    }
  }
  return problems;
}

/** Chart marks whose colour is the page's background (invisible), and charts with no mark. */
function colourProblems() {
  const problems = [];
  const bg = getComputedStyle(document.body).backgroundColor;
  for (const figure of document.querySelectorAll('figure.chart')) {
    const marks = figure.querySelectorAll('.chart-bar, .chart-dot, .chart-point, .chart-line');
    if (!marks.length) problems.push(`#${figure.id}: no mark drawn`);
    for (const mark of marks) {
      const style = getComputedStyle(mark);
      const paint = mark.classList.contains('chart-line') ? style.stroke : style.fill;
      if (paint === bg || paint === 'none') problems.push(`#${figure.id}: a mark painted ${paint} on ${bg}`);
    }
  }
  return problems;
}

describe('charts of the bundled site', () => {
  for (const view of VIEWS) {
    it(`${view.name}: axe, no overflow, no overlapping text, visible marks`, async () => {
      const context = await newContext(browser, server, view.options);
      try {
        const failures = [];
        for (const rel of PAGES) {
          const { page, problems } = await openPage(context, server.origin + urlPathOf(rel));
          if (view.print) await page.emulateMedia({ media: 'print' });
          ok((await page.locator('figure.chart').count()) > 0, `${rel}: no chart`);
          failures.push(...problems.map((p) => `${rel}: ${p}`));
          failures.push(...(await page.evaluate(layoutProblems)).map((p) => `${rel}: ${p}`));
          failures.push(...(await page.evaluate(colourProblems)).map((p) => `${rel}: ${p}`));
          const overflow = await horizontalOverflow(page);
          if (overflow) failures.push(`${rel}: the page scrolls sideways: ${JSON.stringify(overflow)}`);
          if (!view.print) {
            const violations = await runAxe(page);
            if (violations.length) failures.push(`${rel}: axe\n${formatViolations(violations)}`);
          }
          await page.close();
        }
        failWith(`${view.name}`, failures);
      } finally {
        await context.close();
      }
    });
  }

  it('without JavaScript, the data table opens and the CSV file downloads with the same rows', async () => {
    const context = await newContext(browser, server, { viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    try {
      const { page, problems } = await openPage(context, server.origin + urlPathOf('chip/index.html'));
      ok(problems.length === 0, `loading the chip page: ${problems.join('; ')}`);
      const figure = page.locator('figure.chart').first();
      const table = figure.locator('table.chart-table');
      ok(!(await table.isVisible()), 'the table is folded at first');
      await figure.locator('details.chart-data summary').click();
      ok(await table.isVisible(), 'the table shows once its summary is clicked');
      const rows = await table.locator('tbody tr').count();
      const href = await figure.locator('a.chart-download').getAttribute('href');
      ok(href.startsWith('/spiega/') || href.startsWith(new URL(server.origin).pathname), `the CSV link is under the base path: ${href}`);
      const [download] = await Promise.all([page.waitForEvent('download'), figure.locator('a.chart-download').click()]);
      const stream = await download.createReadStream();
      let csv = '';
      for await (const chunk of stream) csv += chunk;
      const lines = csv.trim().split('\n');
      eq(lines.length, rows + 1, 'the CSV file has a header line and one line per row of the table');
    } finally {
      await context.close();
    }
  });
});
