// Frame rate of minternet live's web view with many packets in flight, measured in Debian's
// headless Chromium (a benchmark, not a test). The page is opened on a running `minternet live`;
// packets are then fed to the page's own onPacket (the path the server-sent event stream takes,
// dots and recent-packets rows included) over the world's real links, topped up every 20 ms so
// that N are in flight, while requestAnimationFrame's timestamps are recorded for S seconds.
// Prints frames per second, frame intervals (p50, p99, max), frames later than 1.5 intervals of
// 60 Hz, the packets in flight on average, and the time the page spends drawing the dots a frame.
// Usage: node bench-fps.mjs URL [--packets N] [--seconds S] [--screenshot FILE]
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const url = args[0];
const opt = (name, d) => { const i = args.indexOf(name); return i > 0 ? args[i + 1] : d; };
const packets = Number(opt('--packets', 1000));
const seconds = Number(opt('--seconds', 10));
const screenshot = opt('--screenshot', null);
if (!url || !(packets > 0) || !(seconds > 0)) {
  console.error('usage: node bench-fps.mjs URL [--packets N] [--seconds S] [--screenshot FILE]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.liveStats && window.liveStats.nodes > 0, null, { timeout: 30000 });
  const r = await page.evaluate(([n, s]) => new Promise((resolve) => {
    const links = window.liveTopology.links;
    const protos = ['dns', 'tls', 'http', 'icmp', 'tcp', 'udp'];
    let k = 0;
    const topUp = () => {
      while (flying.length < n) {
        const l = links[k % links.length];
        const t = window.liveStats.status ? window.liveStats.status.simNs : 0;
        onPacket({ id: -(++k), t, arr: t + 2e6, link: l.name, from: k % 2 ? l.a : l.b, to: k % 2 ? l.b : l.a,
          proto: protos[k % protos.length], len: 100, sum: 'bench packet' });
      }
    };
    // the page's own work per frame: moving and drawing the dots (frame's drawDots), measured apart
    // from what the machine adds (a loaded machine delays frames without the page doing more)
    const work = [];
    const draw = window.drawDots;
    window.drawDots = () => { const t0 = performance.now(); draw(); work.push(performance.now() - t0); };
    topUp();
    const feeder = setInterval(topUp, 20);
    const stamps = [];
    let inFlight = 0;
    const start = performance.now();
    const tick = (now) => {
      stamps.push(now);
      inFlight += flying.length;
      if (now - start < s * 1000) requestAnimationFrame(tick);
      else {
        clearInterval(feeder);
        window.drawDots = draw;
        work.sort((a, b) => a - b);
        const iv = stamps.slice(1).map((x, i) => x - stamps[i]).sort((a, b) => a - b);
        const q = (p) => iv[Math.min(iv.length - 1, Math.ceil(p * iv.length) - 1)];
        resolve({ frames: stamps.length, seconds: (stamps[stamps.length - 1] - stamps[0]) / 1000,
          p50: q(0.5), p99: q(0.99), max: iv[iv.length - 1], late: iv.filter((x) => x > 1.5 * 1000 / 60).length,
          inFlight: inFlight / stamps.length, injected: k,
          drawP50: work[Math.floor(work.length / 2)], drawP99: work[Math.min(work.length - 1, Math.ceil(0.99 * work.length) - 1)] });
      }
    };
    requestAnimationFrame(tick);
  }), [packets, seconds]);
  if (screenshot) await page.screenshot({ path: screenshot });
  console.log(`web view fps: ${(r.frames - 1) / r.seconds | 0} frames/s over ${r.seconds.toFixed(1)} s, `
    + `${r.inFlight.toFixed(0)} packets in flight on average (${r.injected} fed)`);
  console.log(`frame interval: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; `
    + `${r.late} of ${r.frames - 1} frames later than 25 ms`);
  console.log(`drawing the dots: p50 ${r.drawP50.toFixed(2)} ms, p99 ${r.drawP99.toFixed(2)} ms a frame`);
  if (errors.length) console.log(`console errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
}
