// Opens a Minternet HTML report in Debian's headless Chromium and prints what a person would
// check, as one JSON line per window width: console errors and page errors, the waterfall rows
// (label and bar geometry as laid out by the browser), whether the sequence diagram rendered, and
// what does not fit: the page wider than the window, or an element (a lane of the sequence
// diagram, a waterfall row, a banner, a step) outside the area its scroll box (or the page) lets
// a reader scroll to.
// Usage: node check-report.mjs REPORT.html [SCREENSHOT-PREFIX] [WIDTH...]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot, ...widthArgs] = process.argv.slice(2);
if (!report) {
  console.error('usage: node check-report.mjs REPORT.html [SCREENSHOT-PREFIX] [WIDTH...]');
  process.exit(2);
}
const widths = widthArgs.length ? widthArgs.map(Number) : [1280];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const width of widths) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
    page.on('requestfailed', (r) => errors.push('requestfailed: ' + r.url()));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) errors.push('external: ' + r.url()); });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    const result = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('table.wf tbody tr')].map((tr) => {
        const span = tr.querySelector('.bar span');
        const r = span ? span.getBoundingClientRect() : null;
        return { label: tr.cells[0].textContent, width: r ? r.width : 0, height: r ? r.height : 0,
          phases: [...tr.querySelectorAll('.bar span')].map((s) => s.className) };
      });
      // Clipped: outside an ancestor that hides what overflows it (an <svg> hides what lies outside
      // its width), or outside the area the nearest sideways-scrolling ancestor (else the page)
      // lets a reader scroll to.
      const clipped = [];
      const check = (el, name) => {
        const r = el.getBoundingClientRect();
        for (let p = el.parentElement; p; p = p.parentElement) {
          if (p === document.body || p === document.documentElement) {
            const left = r.left + window.scrollX;
            if (left < -1 || left + r.width > window.innerWidth + 1) clipped.push(name + ' (outside the window)');
            return;
          }
          const o = getComputedStyle(p).overflowX;
          const c = p.getBoundingClientRect();
          if (o === 'auto' || o === 'scroll') {
            const left = r.left - c.left - p.clientLeft + p.scrollLeft;
            if (left < -1 || left + r.width > p.scrollWidth + 1) clipped.push(name + ' (outside its scroll box)');
            return;
          }
          if ((o === 'hidden' || o === 'clip') && (r.left < c.left - 1 || r.right > c.right + 1)) {
            clipped.push(name + ' (hidden by ' + p.tagName.toLowerCase() + ')');
            return;
          }
        }
      };
      document.querySelectorAll('svg .lane').forEach((g) => check(g, 'lane ' + g.dataset.node));
      document.querySelectorAll('.scroll, table.wf tr, .banner, ol.steps > li, h1, h2, .legend, .summary')
        .forEach((el, i) => check(el, el.tagName.toLowerCase() + '#' + i + ' ' + el.textContent.slice(0, 30)));
      const svg = document.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : null;
      return {
        title: document.title,
        pageWidth: document.documentElement.scrollWidth,
        window: window.innerWidth,
        clipped,
        lanes: [...document.querySelectorAll('svg .lane')].map((g) => g.dataset.node),
        banner: [...document.querySelectorAll('.banner.failed')].map((b) => ({
          text: b.textContent, color: getComputedStyle(b).backgroundColor })),
        rows,
        svg: box ? { width: box.width, height: box.height, lines: svg.querySelectorAll('line').length } : null,
      };
    });
    if (screenshot) {
      await page.screenshot({ path: screenshot + '-' + width + '.png', fullPage: true });
    }
    console.log(JSON.stringify({ width, errors, ...result }));
    await page.close();
  }
} finally {
  await browser.close();
}
