// minternet live: the world's topology, and the packets crossing its links as the server-sent
// event stream reports them. Everything comes from this server; nothing is loaded from elsewhere.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = {
  dns: '#1f77b4', tls: '#2ca02c', http: '#ff7f0e', icmp: '#d62728', db: '#9467bd',
  redis: '#8c564b', tcp: '#7f7f7f', udp: '#17becf', ip: '#bcbd22',
};
/** A packet stays on screen at least this long (ms of wall time), so a 2 ms hop can be seen. */
const MIN_FLIGHT_MS = 700;
/** At most this many packets are drawn at once; older ones are dropped from the screen. */
const MAX_ON_SCREEN = 1500;
const RECENT_ROWS = 60;
/** The recent-packets list is redrawn at most this often (ms), however fast packets come. */
const RECENT_EVERY_MS = 250;
/** A packet's dot: its radius, in the map's units. */
const DOT_R = 5;

const stats = { nodes: 0, links: 0, received: 0, arrived: 0, onScreen: 0, selected: null, status: null };
window.liveStats = stats;

const pos = new Map();         // node name -> {x, y}
const linkEls = new Map();     // link name -> {a, b}
const flying = [];             // packets on screen
let clock = { simNs: 0, wall: performance.now(), speed: 1, paused: false };

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

/**
 * Places the nodes: breadth-first from the bridge node gives each a column and a row, then a
 * few hundred rounds of springs (links) and repulsion (every pair) spread them out. Deterministic.
 */
function layout(topo) {
  const names = topo.nodes.map((n) => n.name);
  const adj = new Map(names.map((n) => [n, []]));
  for (const l of topo.links) { adj.get(l.a).push(l.b); adj.get(l.b).push(l.a); }
  const depth = new Map();
  const start = names.includes(topo.bridge) ? topo.bridge : names[0];
  const queue = [start];
  depth.set(start, 0);
  while (queue.length) {
    const n = queue.shift();
    for (const m of adj.get(n)) if (!depth.has(m)) { depth.set(m, depth.get(n) + 1); queue.push(m); }
  }
  let extra = Math.max(0, ...depth.values()) + 1;
  for (const n of names) if (!depth.has(n)) depth.set(n, extra++);
  const rows = new Map();
  for (const n of names) {
    const d = depth.get(n);
    const r = rows.get(d) || 0;
    rows.set(d, r + 1);
    pos.set(n, { x: d * 160, y: r * 70 + (d % 2) * 20 });
  }
  const k = 120;
  for (let round = 0; round < 300; round++) {
    const force = new Map(names.map((n) => [n, { x: 0, y: 0 }]));
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = pos.get(names[i]); const b = pos.get(names[j]);
        let dx = a.x - b.x; let dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 1);
        const f = (k * k) / d2;
        dx *= f; dy *= f;
        force.get(names[i]).x += dx; force.get(names[i]).y += dy;
        force.get(names[j]).x -= dx; force.get(names[j]).y -= dy;
      }
    }
    for (const l of topo.links) {
      const a = pos.get(l.a); const b = pos.get(l.b);
      const dx = b.x - a.x; const dy = b.y - a.y;
      const d = Math.max(Math.hypot(dx, dy), 1);
      const f = (d - k) / d * 0.1;
      force.get(l.a).x += dx * f; force.get(l.a).y += dy * f;
      force.get(l.b).x -= dx * f; force.get(l.b).y -= dy * f;
    }
    // a group's members pull toward their centre, so each group can be drawn as one box
    const centres = new Map();
    for (const n of topo.nodes) {
      if (!n.group) continue;
      const c = centres.get(n.group) || { x: 0, y: 0, k: 0 };
      c.x += pos.get(n.name).x; c.y += pos.get(n.name).y; c.k++;
      centres.set(n.group, c);
    }
    for (const n of topo.nodes) {
      if (!n.group) continue;
      const c = centres.get(n.group); const p = pos.get(n.name);
      force.get(n.name).x += (c.x / c.k - p.x) * 0.3;
      force.get(n.name).y += (c.y / c.k - p.y) * 0.3;
    }
    const step = 5 * (1 - round / 300) + 0.5;
    for (const n of names) {
      const f = force.get(n);
      const len = Math.max(Math.hypot(f.x, f.y), 1e-9);
      pos.get(n).x += (f.x / len) * Math.min(len, step);
      pos.get(n).y += (f.y / len) * Math.min(len, step);
    }
  }
}

function draw(topo) {
  const links = document.getElementById('links');
  const nodes = document.getElementById('nodes');
  for (const l of topo.links) {
    const a = pos.get(l.a); const b = pos.get(l.b);
    const g = el('g', { class: 'link', 'data-link': l.name }, links);
    el('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }, g);
    const t = el('text', { x: (a.x + b.x) / 2 + 4, y: (a.y + b.y) / 2 - 4 }, g);
    t.textContent = `${l.name} ${l.bandwidth} ${l.delay}`;
    el('title', {}, g).textContent = `${l.name}: ${l.a} - ${l.b}, ${l.bandwidth}, ${l.delay} one way`;
    linkEls.set(l.name, { a: l.a, b: l.b });
  }
  for (const n of topo.nodes) {
    const p = pos.get(n.name);
    const g = el('g', { class: `node ${n.role}${n.name === topo.bridge ? ' bridge' : ''}`, 'data-node': n.name,
      transform: `translate(${p.x},${p.y})` }, nodes);
    if (n.role === 'router') el('rect', { x: -11, y: -11, width: 22, height: 22, rx: 4 }, g);
    else el('circle', { r: 10 }, g);
    const t = el('text', { x: 14, y: 4 }, g);
    t.textContent = n.name;
    el('title', {}, g).textContent = `${n.name} (${n.role})\n${n.addresses.join('\n')}`;
    g.addEventListener('click', (e) => { e.stopPropagation(); openNode(n.name); });
  }
  drawGroups(topo);
  stats.nodes = topo.nodes.length;
  stats.links = topo.links.length;
  fit();
}

/** Each group of nodes (home, ISP, exchange, data centre, cloud: the scenario's group:) as a labelled box around its members. */
function drawGroups(topo) {
  const box = document.getElementById('groups');
  const members = new Map();
  for (const n of topo.nodes) {
    if (n.group) (members.get(n.group) || members.set(n.group, []).get(n.group)).push(pos.get(n.name));
  }
  for (const [name, ps] of members) {
    const x0 = Math.min(...ps.map((p) => p.x)) - 26; const y0 = Math.min(...ps.map((p) => p.y)) - 34;
    const x1 = Math.max(...ps.map((p) => p.x)) + 26; const y1 = Math.max(...ps.map((p) => p.y)) + 22;
    const g = el('g', { class: 'group', 'data-group': name }, box);
    el('rect', { x: x0, y: y0, width: x1 - x0, height: y1 - y0, rx: 10 }, g);
    const t = el('text', { x: x0 + 8, y: y0 + 14 }, g);
    t.textContent = name;
    el('title', {}, g).textContent = `${name}: ${ps.length} node${ps.length === 1 ? '' : 's'}`;
  }
  stats.groups = [...members.keys()];
}

// Zoom (wheel) and pan (drag) by the view group's transform.
const view = { x: 0, y: 0, s: 1 };
function applyView() {
  document.getElementById('view').setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.s})`);
}
function fit() {
  const xs = [...pos.values()].map((p) => p.x); const ys = [...pos.values()].map((p) => p.y);
  const svg = document.getElementById('map').getBoundingClientRect();
  const w = Math.max(...xs) - Math.min(...xs) + 200; const h = Math.max(...ys) - Math.min(...ys) + 100;
  view.s = Math.min(svg.width / w, svg.height / h, 2);
  view.x = -Math.min(...xs) * view.s + 60 * view.s;
  view.y = -Math.min(...ys) * view.s + 40 * view.s;
  applyView();
}
function zoomAndPan() {
  const svg = document.getElementById('map');
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    const mx = e.clientX - r.left; const my = e.clientY - r.top;
    const f = e.deltaY < 0 ? 1.15 : 1 / 1.15;
    view.x = mx - (mx - view.x) * f; view.y = my - (my - view.y) * f; view.s *= f;
    applyView();
  }, { passive: false });
  let drag = null;
  let down = null;
  svg.addEventListener('mousedown', (e) => { drag = { x: e.clientX, y: e.clientY }; down = drag; });
  svg.addEventListener('click', (e) => {
    if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) return;
    const f = dotAt(e);
    if (f) select(f.p.id);
  });
  let hoverAt = 0;
  svg.addEventListener('mousemove', (e) => {
    if (drag || e.timeStamp - hoverAt < 50) return;
    hoverAt = e.timeStamp;
    const f = dotAt(e);
    svg.style.cursor = f ? 'pointer' : '';
    const stage = document.getElementById('stage');
    if (f) stage.title = f.p.sum; else stage.removeAttribute('title');
  });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    view.x += e.clientX - drag.x; view.y += e.clientY - drag.y;
    drag = { x: e.clientX, y: e.clientY };
    applyView();
  });
  window.addEventListener('mouseup', () => { drag = null; });
}

// Packets in flight are dots on a canvas over the map (one path per colour each frame: a
// thousand cost well under a millisecond, where as many SVG elements cost the frame rate); the
// map's zoom and pan apply to it too. A click or hover on the map finds the dot under the pointer.
function onPacket(p) {
  stats.received++;
  const from = pos.get(p.from); const to = pos.get(p.to);
  if (!from || !to) return;
  const flightMs = Math.max(MIN_FLIGHT_MS, (p.arr - p.t) / 1e6 / Math.max(clock.speed, 1e-6));
  flying.push({ p, from, to, done: 0, flightMs, x: from.x, y: from.y, colour: COLOURS[p.proto] || '#000' });
  if (flying.length > MAX_ON_SCREEN) flying.splice(0, flying.length - MAX_ON_SCREEN);
  pendingRows.push(p);
  if (pendingRows.length > RECENT_ROWS) pendingRows.splice(0, pendingRows.length - RECENT_ROWS);
}

/** The dot nearest to the pointer within its radius (a few pixels more), or null. */
function dotAt(e) {
  const r = document.getElementById('map').getBoundingClientRect();
  const x = (e.clientX - r.left - view.x) / view.s; const y = (e.clientY - r.top - view.y) / view.s;
  const reach = DOT_R + 3 / view.s;
  let best = null; let bestD = reach * reach;
  for (const f of flying) {
    const d = (f.x - x) ** 2 + (f.y - y) ** 2;
    if (d <= bestD) { best = f; bestD = d; }
  }
  return best;
}

function drawDots() {
  const canvas = document.getElementById('dots');
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr); const h = Math.round(canvas.clientHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(dpr * view.s, 0, 0, dpr * view.s, dpr * view.x, dpr * view.y);
  const byColour = new Map();
  for (const f of flying) (byColour.get(f.colour) || byColour.set(f.colour, []).get(f.colour)).push(f);
  ctx.lineWidth = 0.5;
  ctx.strokeStyle = '#000';
  for (const [colour, fs] of byColour) {
    ctx.beginPath();
    for (const f of fs) { ctx.moveTo(f.x + DOT_R, f.y); ctx.arc(f.x, f.y, DOT_R, 0, 2 * Math.PI); }
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.stroke();
  }
  const sel = flying.find((f) => f.p.id === stats.selected);
  if (sel) {
    ctx.beginPath();
    ctx.arc(sel.x, sel.y, DOT_R + 1, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
}

const pendingRows = [];
let recentDrawn = 0;
/** Adds the packets that came since the last time to the recent-packets list (newest first, at most RECENT_ROWS). */
function drawRecent(now) {
  if (!pendingRows.length || now - recentDrawn < RECENT_EVERY_MS) return;
  recentDrawn = now;
  for (const p of pendingRows.splice(0)) addRecent(p);
}

function addRecent(p) {
  const body = document.querySelector('#recent tbody');
  const tr = document.createElement('tr');
  tr.className = 'pkt-row';
  tr.dataset.id = p.id;
  const cells = [(p.t / 1e9).toFixed(6), p.link, `${p.from}\u2192${p.to}`, p.sum];
  for (const [i, text] of cells.entries()) {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === 0) td.style.borderLeft = `4px solid ${COLOURS[p.proto] || '#000'}`;
    tr.appendChild(td);
  }
  tr.addEventListener('click', () => select(p.id));
  body.insertBefore(tr, body.firstChild);
  while (body.rows.length > RECENT_ROWS) body.deleteRow(body.rows.length - 1);
}

let last = performance.now();
function frame(now) {
  const dt = now - last;
  last = now;
  if (!clock.paused) {
    for (let i = flying.length - 1; i >= 0; i--) {
      const f = flying[i];
      f.done += dt / f.flightMs;
      if (f.done >= 1) {
        flying[i] = flying[flying.length - 1];
        flying.pop();
        stats.arrived++;
        continue;
      }
      f.x = f.from.x + (f.to.x - f.from.x) * f.done;
      f.y = f.from.y + (f.to.y - f.from.y) * f.done;
    }
  }
  drawDots();
  drawRecent(now);
  stats.onScreen = flying.length;
  const t = clock.paused ? clock.simNs : clock.simNs + (now - clock.wall) * 1e6 * clock.speed;
  document.getElementById('clock').textContent = `t = ${(t / 1e9).toFixed(3)} s${clock.paused ? ' (paused)' : ''}`;
  document.getElementById('counts').textContent = `${stats.received} packets, ${flying.length} in flight`;
  requestAnimationFrame(frame);
}

/** Fills {@code box} with one grey line (an error the server explained). */
function hint(box, text) {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = text;
  box.appendChild(p);
}

async function select(id) {
  stats.selected = id;
  const box = document.getElementById('details');
  const r = await fetch(`/api/packet?id=${id}`);
  const d = await r.json();
  box.replaceChildren();
  if (!r.ok) {
    hint(box, d.error);
    return;
  }
  const title = document.createElement('p');
  title.textContent = `#${d.id} ${d.summary}`;
  box.appendChild(title);
  const table = document.createElement('table');
  for (const layer of d.layers) {
    const th = document.createElement('th');
    th.colSpan = 2;
    th.textContent = layer.title;
    table.insertRow().appendChild(th);
    for (const [k, v] of layer.fields) {
      const row = table.insertRow();
      row.insertCell().textContent = k;
      row.insertCell().textContent = v;
    }
  }
  box.appendChild(table);
  const pre = document.createElement('pre');
  pre.className = 'hex';
  pre.textContent = d.hex;
  box.appendChild(pre);
}

// A node's panel: its routes, addresses, interfaces with their counters and sockets, and a terminal (xterm.js) whose commands run
// on the node inside the world, as in `minternet shell`. The terminal edits a line locally; Enter
// sends it over a WebSocket (/api/term), whose server sends each line as the command prints it (in
// simulated time) and then its end; Ctrl-C interrupts it. Should the WebSocket not open, the
// terminal falls back to HTTP (/api/run, polled).
const COMMAND = { 'X-Minternet': '1' };
const shell = { term: null, node: null, line: '', run: null, ws: null, opening: null, current: '', typeahead: '' };

/** Opens the terminal's WebSocket; resolves to it when open, or to null when it cannot open. */
function openSocket() {
  if (shell.ws && shell.ws.readyState === WebSocket.OPEN) return Promise.resolve(shell.ws);
  if (shell.opening) return shell.opening;
  shell.opening = new Promise((resolve) => {
    const ws = new WebSocket(`ws://${location.host}/api/term`);
    ws.onopen = () => { shell.ws = ws; shell.opening = null; stats.terminal = 'websocket'; resolve(ws); };
    ws.onerror = () => { shell.opening = null; resolve(null); };
    ws.onclose = () => {
      if (shell.ws === ws) shell.ws = null;
      if (shell.run !== null && shell.current) { shell.term.writeln('[terminal connection closed]'); shell.run = null; prompt(); }
    };
    ws.onmessage = (e) => onTermMessage(JSON.parse(e.data));
  });
  return shell.opening;
}

function onTermMessage(m) {
  if (m.error !== undefined) {
    shell.term.writeln(m.error);
    shell.run = null;
    prompt();
  } else if (m.started) {
    shell.run = m.id;
  } else if (m.line !== undefined) {
    shell.term.writeln(m.line);
  } else if (m.done) {
    if (m.report) addReport(m.id, shell.current);
    shell.run = null;
    shell.current = '';
    prompt();
  }
}

/** How often (ms of wall time) an open node's panel is read again while the clock runs. */
const NODE_REFRESH_MS = 1000;
const nodePanel = { name: null, timer: null, busy: false, simNs: -1 };

async function openNode(name) {
  const r = await fetch(`/api/node?name=${encodeURIComponent(name)}`);
  const d = await r.json();
  document.getElementById('node-name').textContent = name;
  const box = document.getElementById('node');
  box.replaceChildren();
  if (!r.ok || d.busy) {
    hint(box, d.error || d.busy);
    return;
  }
  const asof = document.createElement('p');
  asof.id = 'node-asof';
  box.appendChild(asof);
  for (const [title, key] of [['ip route', 'routes'], ['ip addr', 'addrs'], ['ip -s link', 'links'], ['ss -tuan', 'sockets']]) {
    const h = document.createElement('h3');
    h.textContent = `${name}$ ${title}`;
    const pre = document.createElement('pre');
    pre.className = 'nodeview';
    pre.dataset.view = key;
    box.append(h, pre);
  }
  nodePanel.name = name;
  showNode(d);
  if (!nodePanel.timer) nodePanel.timer = setInterval(refreshNode, NODE_REFRESH_MS);
  openTerminal(name);
}

/** Fills the open node's panel with what the server read (routes, addresses, counters, sockets) at simulated time d.simNs. */
function showNode(d) {
  for (const pre of document.querySelectorAll('#node pre.nodeview')) {
    const text = d[pre.dataset.view].join('\n');
    if (pre.textContent !== text) pre.textContent = text;
  }
  nodePanel.simNs = d.simNs;
  document.getElementById('node-asof').textContent =
    `as of t = ${(d.simNs / 1e9).toFixed(3)} s (read again every ${NODE_REFRESH_MS / 1000} s while the clock runs)`;
  stats.nodeReads = (stats.nodeReads || 0) + 1;
}

/** Reads the open node's panel again, once the clock has moved since the last reading. */
async function refreshNode() {
  if (!nodePanel.name || nodePanel.busy || document.hidden) return;
  if (clock.paused && clock.simNs === nodePanel.simNs) return;
  nodePanel.busy = true;
  const name = nodePanel.name;
  try {
    const r = await fetch(`/api/node?name=${encodeURIComponent(name)}`);
    const d = await r.json();
    if (r.ok && !d.busy && name === nodePanel.name) showNode(d);
  } catch (e) {
    // the server went away: the panel keeps its last reading
  } finally {
    nodePanel.busy = false;
  }
}

// The visit panel: `visit URL` from the open node (the bridge node before one is clicked), its
// narration step by step, and its waterfall and sequence diagram drawn by the HTML report's own
// renderers (the server's HtmlReport) as far as the visit has gone, redrawn while it runs; the
// report's style stays inside a shadow root.
const VISIT_POLL_MS = 150;
const visitPanel = { id: null, shadow: null, html: '' };
stats.visit = { started: 0, lines: 0, draws: 0, drawsWhileRunning: 0, rowsWhileRunning: 0, arrowsWhileRunning: 0, done: false };

async function startVisit(e) {
  e.preventDefault();
  if (visitPanel.id !== null) return;
  const url = document.getElementById('visit-url').value.trim();
  const node = nodePanel.name || window.liveTopology.bridge;
  const narration = document.getElementById('visit-narration');
  narration.hidden = false;
  narration.textContent = '';
  document.getElementById('visit-from').textContent = `from ${node}`;
  const r = await fetch(`/api/run?node=${encodeURIComponent(node)}`,
    { method: 'POST', headers: { ...COMMAND, 'Content-Type': 'text/plain' }, body: `visit ${url}` });
  const d = await r.json();
  if (!r.ok) {
    narration.textContent = d.error;
    return;
  }
  visitPanel.id = d.id;
  visitPanel.html = '';
  stats.visit.started++;
  stats.visit.done = false;
  document.getElementById('visit-go').disabled = true;
  try {
    let from = 0;
    for (;;) {
      const o = await (await fetch(`/api/run?id=${d.id}&from=${from}`)).json();
      for (const l of o.lines) narration.textContent += `${l}\n`;
      if (o.lines.length) narration.scrollTop = narration.scrollHeight;
      stats.visit.lines += o.lines.length;
      from = o.next;
      await drawVisit(d.id, !o.done);
      if (o.done) {
        if (o.report) addReport(d.id, `visit ${url}`);
        stats.visit.done = true;
        stats.visit.exit = o.exit;
        break;
      }
      await new Promise((res) => setTimeout(res, VISIT_POLL_MS));
    }
  } finally {
    visitPanel.id = null;
    document.getElementById('visit-go').disabled = false;
  }
}

/** Draws the visit's report as far as it has gone (the waterfall and the diagram grow while it runs). */
async function drawVisit(id, running) {
  const r = await fetch(`/api/run/report?id=${id}`);
  if (!r.ok) return;
  const html = await r.text();
  if (html === visitPanel.html) return;
  visitPanel.html = html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  if (!visitPanel.shadow) visitPanel.shadow = document.getElementById('visit-report').attachShadow({ mode: 'open' });
  const host = document.createElement('style');
  host.textContent = ':host{display:block;font:12px system-ui,sans-serif}h2{font-size:13px}h3{font-size:12px}';
  const parts = [...doc.body.children].filter((n) => n.tagName !== 'H1' && n.tagName !== 'FOOTER');
  visitPanel.shadow.replaceChildren(...doc.head.querySelectorAll('style'), host, ...parts);
  stats.visit.draws++;
  if (running) {
    stats.visit.drawsWhileRunning++;
    stats.visit.rowsWhileRunning = Math.max(stats.visit.rowsWhileRunning, visitPanel.shadow.querySelectorAll('table.wf tbody tr').length);
    stats.visit.arrowsWhileRunning = Math.max(stats.visit.arrowsWhileRunning, visitPanel.shadow.querySelectorAll('svg.seq .msg').length);
  }
}

/** The prompt, then what was typed while the last command ran (type-ahead, as a tty keeps it). */
function prompt() {
  shell.term.write(`\x1b[1m${shell.node}$\x1b[0m `);
  const ahead = shell.typeahead;
  shell.typeahead = '';
  if (ahead) onKeys(ahead);
}

function openTerminal(name) {
  if (!shell.term) {
    shell.term = new Terminal({ rows: 16, cols: 58, fontSize: 12, convertEol: true, scrollback: 2000 });
    shell.term.open(document.getElementById('term'));
    shell.term.onData(onKeys);
    window.liveTerminal = shell.term;
    openSocket();
  }
  shell.node = name;
  shell.line = '';
  if (shell.run === null) {
    shell.term.writeln(`\x1b[2m-- terminal of ${name} (commands run inside the world) --\x1b[0m`);
    prompt();
  }
  shell.term.focus();
}

function onKeys(data) {
  for (const ch of data) {
    if (shell.run !== null) {
      if (ch === '\x03' && shell.ws) shell.ws.send('interrupt');
      else if (ch === '\x03' && shell.run > 0) fetch(`/api/run/interrupt?id=${shell.run}`, { method: 'POST', headers: COMMAND });
      else if (ch !== '\x03' && shell.typeahead.length < 4096) shell.typeahead += ch;
      continue;
    }
    if (ch === '\r') {
      shell.term.write('\r\n');
      const line = shell.line;
      shell.line = '';
      if (line.trim()) runLine(line); else prompt();
    } else if (ch === '\x7f') {
      if (shell.line.length) {
        shell.line = shell.line.slice(0, -1);
        shell.term.write('\b \b');
      }
    } else if (ch === '\x03') {
      shell.term.write('^C\r\n');
      shell.line = '';
      prompt();
    } else if (ch >= ' ') {
      shell.line += ch;
      shell.term.write(ch);
    }
  }
}

async function runLine(line) {
  shell.run = -1;
  const ws = await openSocket();
  if (ws) {
    shell.current = line;
    ws.send(`run ${shell.node}\n${line}`);
    return;
  }
  stats.terminal = 'http';
  const r = await fetch(`/api/run?node=${encodeURIComponent(shell.node)}`,
    { method: 'POST', headers: { ...COMMAND, 'Content-Type': 'text/plain' }, body: line });
  const d = await r.json();
  if (!r.ok) {
    shell.term.writeln(d.error);
  } else {
    shell.run = d.id;
    let from = 0;
    for (;;) {
      const o = await (await fetch(`/api/run?id=${d.id}&from=${from}`)).json();
      for (const l of o.lines) shell.term.writeln(l);
      from = o.next;
      if (o.done) {
        if (o.report) addReport(d.id, line);
        break;
      }
      await new Promise((res) => setTimeout(res, 120));
    }
  }
  shell.run = null;
  prompt();
}

/** Links to a finished visit's HTML report (waterfall, sequence diagram) and its HAR. */
function addReport(id, line) {
  const box = document.getElementById('reports');
  const p = document.createElement('p');
  const a = document.createElement('a');
  a.href = `/api/run/report?id=${id}`;
  a.target = '_blank';
  a.className = 'report';
  a.textContent = `report: ${line}`;
  const h = document.createElement('a');
  h.href = `/api/run/har?id=${id}`;
  h.textContent = 'HAR';
  p.append(a, ' \u00b7 ', h);
  box.prepend(p);
}

function onStatus(s) {
  clock = { simNs: s.simNs, wall: performance.now(), speed: s.speed, paused: s.paused };
  stats.status = s;
  document.getElementById('speed').value = String(s.speed);
}

async function control(what, x) {
  const q = x === undefined ? `do=${what}` : `do=${what}&x=${x}`;
  const r = await fetch(`/api/control?${q}`, { method: 'POST' });
  if (r.ok) onStatus(await (await fetch('/api/status')).json());
}

function legend() {
  const box = document.getElementById('legend');
  for (const [proto, colour] of Object.entries(COLOURS)) {
    const s = document.createElement('span');
    const i = document.createElement('i');
    i.style.background = colour;
    s.append(i, proto);
    box.appendChild(s);
  }
}

async function main() {
  legend();
  zoomAndPan();
  document.getElementById('play').addEventListener('click', () => control('resume'));
  document.getElementById('pause').addEventListener('click', () => control('pause'));
  document.getElementById('step').addEventListener('click', () => control('step'));
  document.getElementById('speed').addEventListener('change', (e) => control('speed', e.target.value));
  document.getElementById('visit-form').addEventListener('submit', startVisit);
  const topo = await (await fetch('/api/topology')).json();
  document.getElementById('world').textContent = `${topo.nodes.length} nodes, ${topo.links.length} links; real clients enter at ${topo.bridge}`;
  window.liveTopology = topo;
  layout(topo);
  draw(topo);
  onStatus(await (await fetch('/api/status')).json());
  const events = new EventSource('/api/events');
  events.addEventListener('packet', (e) => onPacket(JSON.parse(e.data)));
  events.addEventListener('status', (e) => onStatus(JSON.parse(e.data)));
  requestAnimationFrame(frame);
}

main();
