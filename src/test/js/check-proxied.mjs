// Loads a page in Debian's headless Chromium through an HTTP proxy (minternet live's) and prints,
// as one JSON line, the page's title and heading, console errors, responses of 400 and more
// (status and path), its Navigation Timing, the URL it ended on and the redirect that led there.
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
  // LOADS=N loads the page N times, each in a fresh context (its own connections); the last one
  // is reported, so that the first load's warm-up (class loading, compilation) is not measured.
  const loads = Number(process.env.LOADS || 1);
  let out;
  // Of the loads after the first (the first's warm-up is not measured), in milliseconds, the
  // shortest TLS handshake (secureConnectionStart to connectEnd) and request (requestStart to
  // responseStart). Not the tunnel before them: Chromium can send the CONNECT a few milliseconds
  // before the navigation's timeOrigin, and then reports connectStart after it.
  let shortest = null;
  const all = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    const failed = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
    page.on('response', (r) => { if (r.status() >= 400) failed.push(r.status() + ' ' + new URL(r.url()).pathname); });
    const response = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const result = await page.evaluate(() => {
      const t = performance.getEntriesByType('navigation')[0];
      const h1 = document.querySelector('h1');
      return {
        title: document.title,
        h1: h1 ? h1.textContent : null,
        timing: { fetchStart: t.fetchStart, requestStart: t.requestStart, responseStart: t.responseStart, responseEnd: t.responseEnd,
          connectStart: t.connectStart, secureConnectionStart: t.secureConnectionStart, connectEnd: t.connectEnd },
      };
    });
    if (screenshot && i === loads - 1) {
      await page.screenshot({ path: screenshot });
    }
    const t = result.timing;
    all.push(t);
    if (i > 0 || loads === 1) {
      // A load whose secureConnectionStart is not after its connectStart has no TLS phase of its own
      // to measure: Chromium reported them equal once, on a loaded machine, with connectEnd less than
      // one round trip after (27.3 ms against 39.6); its handshake is left out, its request is not.
      const tls = t.secureConnectionStart > t.connectStart ? t.connectEnd - t.secureConnectionStart : Infinity;
      const these = { tls, request: t.responseStart - t.requestStart };
      shortest = shortest === null ? these
        : { tls: Math.min(shortest.tls, these.tls), request: Math.min(shortest.request, these.request) };
    }
    const from = response.request().redirectedFrom();
    const fromResponse = from ? await from.response() : null;
    out = { errors, failed, status: response.status(), finalUrl: page.url(), redirectedFrom: from ? from.url() : null,
      redirectStatus: fromResponse ? fromResponse.status() : null, ...result, shortest, loads: all };
    await context.close();
  }
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
