// Opens a Minternet HTML report in Debian's headless Chromium and prints what a person would
// check, as one JSON line: console errors and page errors, the waterfall rows (label and bar
// geometry as laid out by the browser), and whether the sequence diagram rendered.
// Usage: node check-report.mjs REPORT.html [SCREENSHOT.png]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot] = process.argv.slice(2);
if (!report) {
  console.error('usage: node check-report.mjs REPORT.html [SCREENSHOT.png]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => errors.push('requestfailed: ' + r.url()));
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  const result = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('table.wf tr')].map((tr) => {
      const span = tr.querySelector('.bar span');
      const r = span ? span.getBoundingClientRect() : null;
      return { label: tr.cells[0].textContent, width: r ? r.width : 0, height: r ? r.height : 0 };
    });
    const svg = document.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {
      title: document.title,
      rows,
      svg: box ? { width: box.width, height: box.height, lines: svg.querySelectorAll('line').length } : null,
    };
  });
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  console.log(JSON.stringify({ errors, ...result }));
} finally {
  await browser.close();
}
