// Loads a page in Debian's headless Chromium through an HTTP proxy (minternet live's) and prints,
// as one JSON line, the page's title and heading, console errors and its Navigation Timing.
// Usage: node check-proxied.mjs URL PROXY [SCREENSHOT.png]
import { chromium } from 'playwright-core';

const [url, proxy, screenshot] = process.argv.slice(2);
if (!url || !proxy) {
  console.error('usage: node check-proxied.mjs URL PROXY [SCREENSHOT.png]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--proxy-server=${proxy}`, '--proxy-bypass-list=<-loopback>'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  const response = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  const result = await page.evaluate(() => {
    const t = performance.getEntriesByType('navigation')[0];
    const h1 = document.querySelector('h1');
    return {
      title: document.title,
      h1: h1 ? h1.textContent : null,
      timing: { requestStart: t.requestStart, responseStart: t.responseStart, responseEnd: t.responseEnd },
    };
  });
  if (screenshot) {
    await page.screenshot({ path: screenshot });
  }
  console.log(JSON.stringify({ errors, status: response.status(), ...result }));
} finally {
  await browser.close();
}
