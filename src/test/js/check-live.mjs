// Opens minternet live's web view in Debian's headless Chromium and prints, as one JSON line,
// what a person would check: console and page errors, the nodes and links drawn, packets that
// arrived over the event stream and finished crossing their links, a packet's decoded headers
// after a click, the clock after pause, step and play, and a node's panel and terminal (ping).
// Usage: node check-live.mjs URL SCREENSHOT.png
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url) {
  console.error('usage: node check-live.mjs URL [SCREENSHOT.png]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  // A packet's details are asked for by id, and the feed keeps the last 4,096: a row clicked just
  // as its packet leaves gets a 404, which the page shows as "no such packet (too old?)" and the
  // browser logs as a failed load (the click below is retried); any other failed load is an error.
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location() ? m.location().url || '' : '';
    if (m.text().includes('status of 404') && at.includes('/api/packet?id=')) return;
    errors.push('console: ' + m.text() + (at ? ' (' + at + ')' : ''));
  });
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => { if (!r.url().endsWith('/api/events')) errors.push('requestfailed: ' + r.url()); });
  // the terminal's traffic: its WebSocket's frames, and any command sent the HTTP way instead
  const sockets = [];
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), sent: [], received: [] };
    sockets.push(s);
    ws.on('framesent', (f) => s.sent.push(String(f.payload)));
    ws.on('framereceived', (f) => s.received.push(String(f.payload)));
  });
  const httpRuns = [];
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/run') httpRuns.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.liveStats && window.liveStats.nodes > 0, null, { timeout: 30000 });
  await page.waitForFunction(() => window.liveStats.arrived >= 5, null, { timeout: 60000 });
  const drawn = await page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#nodes .node')].map((g) => g.dataset.node),
    links: document.querySelectorAll('#links .link').length,
    // each group's box: its label, and whether every member node's centre lies inside it
    groups: [...document.querySelectorAll('#groups .group')].map((g) => {
      const r = g.querySelector('rect');
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(r.getAttribute(k)));
      const name = g.dataset.group;
      const members = window.liveTopology.nodes.filter((n) => n.group === name).map((n) => n.name);
      const inside = members.every((m) => {
        const t = document.querySelector(`#nodes .node[data-node="${m}"]`).getAttribute('transform');
        const [px, py] = t.match(/translate\(([-\d.e]+),([-\d.e]+)\)/).slice(1).map(Number);
        return px > x && px < x + w && py > y && py < y + h;
      });
      return { name, label: g.querySelector('text').textContent, members: members.length, inside };
    }),
    downloads: [...document.querySelectorAll('header a[download]')].map((a) => a.getAttribute('href')),
    linkLabels: [...document.querySelectorAll('#links .link text')].slice(0, 3).map((t) => t.textContent),
    received: window.liveStats.received,
    arrived: window.liveStats.arrived,
  }));
  // the recent-packets list is redrawn up to 4 times a second: a click may land on a row just
  // replaced, so click the newest row again until the details open (10 s in all)
  for (let attempt = 0; ; attempt++) {
    await page.click('#recent tr.pkt-row');
    try {
      await page.waitForSelector('#details table th', { timeout: 2000 });
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  const details = await page.evaluate(() => ({
    layers: [...document.querySelectorAll('#details th')].map((t) => t.textContent),
    hex: document.querySelector('#details pre.hex').textContent.split('\n')[0],
  }));
  await page.click('#pause');
  await page.waitForFunction(() => window.liveStats.status && window.liveStats.status.paused, null, { timeout: 10000 });
  const pausedAt = await page.evaluate(() => window.liveStats.status.simNs);
  await page.click('#step');
  await page.waitForTimeout(500);
  await page.click('#play');
  await page.waitForFunction((t) => !window.liveStats.status.paused && window.liveStats.status.simNs > t + 100e6,
    pausedAt, { timeout: 20000 });
  const resumedAt = await page.evaluate(() => window.liveStats.status.simNs);
  // a node's panel and terminal: click the laptop, read its routes, run ping in its terminal
  await page.click('#nodes .node[data-node="laptop"]');
  await page.waitForSelector('pre.nodeview[data-view="routes"]', { timeout: 10000 });
  const panel = await page.evaluate(() => ({
    routes: document.querySelector('pre.nodeview[data-view="routes"]').textContent,
    sockets: document.querySelector('pre.nodeview[data-view="sockets"]').textContent.split('\n')[0],
    links: document.querySelector('pre.nodeview[data-view="links"]').textContent,
  }));
  const linksAtOpen = await page.evaluate(() => document.querySelector('pre.nodeview[data-view="links"]').textContent);
  const readsAtOpen = await page.evaluate(() => window.liveStats.nodeReads);
  await page.waitForFunction(() => window.liveTerminal, null, { timeout: 10000 });
  await page.click('#term');
  await page.keyboard.type('ping -c 2 93.184.216.34');
  await page.keyboard.press('Enter');
  const text = () => {
    const b = window.liveTerminal.buffer.active;
    const lines = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (l.isWrapped && lines.length) lines[lines.length - 1] += l.translateToString(true);
      else lines.push(l.translateToString(true));
    }
    return lines.join('\n');
  };
  await page.waitForFunction((f) => new Function(`return (${f})()`)().includes('packets transmitted'),
    text.toString(), { timeout: 30000 });
  const terminal = await page.evaluate((f) => new Function(`return (${f})()`)(), text.toString());
  const term = sockets.find((s) => new URL(s.url).pathname === '/api/term');
  const ws = {
    url: term ? term.url : null,
    sent: term ? term.sent[0] : null,
    pingOverWs: !!term && term.received.some((m) => m.includes('icmp_seq=1 ttl=56'))
      && term.received.some((m) => m.includes('packets transmitted')),
    httpRuns: httpRuns.length,
    transport: await page.evaluate(() => window.liveStats.terminal),
  };
  // the panel was read again as the clock ran: the ping's packets are in eth0's counters
  await page.waitForFunction(([t, n]) => window.liveStats.nodeReads > n
    && document.querySelector('pre.nodeview[data-view="links"]').textContent !== t, [linksAtOpen, readsAtOpen], { timeout: 20000 });
  const refreshed = await page.evaluate(([t, n]) => ({
    reads: window.liveStats.nodeReads > n,
    countersChanged: document.querySelector('pre.nodeview[data-view="links"]').textContent !== t,
    asof: document.getElementById('node-asof').textContent.startsWith('as of t = '),
  }), [linksAtOpen, readsAtOpen]);
  // the visit in the terminal: its narration there, and its report linked
  await page.keyboard.type('visit https://www.example.com/');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#reports a.report', { timeout: 60000 });
  const visited = await page.evaluate((f) => new Function(`return (${f})()`)(), text.toString());
  const reportHref = await page.getAttribute('#reports a.report', 'href');
  const report = await page.request.get(new URL(reportHref, url).toString());
  const reportHtml = await report.text();
  const visit = {
    narration: visited.includes('Page loaded in'),
    reportStatus: report.status(),
    waterfall: reportHtml.includes('<svg'),
  };
  // the visit panel, at half speed: narration, waterfall and sequence diagram drawn while the visit runs
  await page.selectOption('#speed', '0.5');
  await page.waitForFunction(() => window.liveStats.status.speed === 0.5, null, { timeout: 10000 });
  await page.fill('#visit-url', 'https://www.example.com/');
  await page.click('#visit-go');
  await page.waitForFunction(() => window.liveStats.visit.done, null, { timeout: 90000 });
  const panelVisit = await page.evaluate(() => {
    const root = document.getElementById('visit-report').shadowRoot;
    const v = window.liveStats.visit;
    return {
      exit: v.exit,
      narration: document.getElementById('visit-narration').textContent.includes('Page loaded in'),
      drawsWhileRunning: v.drawsWhileRunning, rowsWhileRunning: v.rowsWhileRunning, arrowsWhileRunning: v.arrowsWhileRunning,
      rows: root.querySelectorAll('table.wf tbody tr').length,
      arrows: root.querySelectorAll('svg.seq .msg').length,
      summary: root.querySelector('p.summary').textContent,
    };
  });
  if (screenshot) {
    await page.screenshot({ path: screenshot });
  }
  console.log(JSON.stringify({ errors, ...drawn, details, pausedAt, resumedAt, panel, refreshed, terminal, ws, visit, panelVisit }));
} finally {
  await browser.close();
}
