// Egret Tracker UI: plain DOM and SVG, no libraries, nothing fetched from the internet.
'use strict';
(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2f6fde', '#e4572e', '#3a9d5d', '#a23bc4', '#e0a100', '#17a2b8', '#8c564b', '#d6336c'];

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    kids.forEach(k => e.append(k));
    return e;
  }
  function svg(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    if (parent) parent.append(e);
    return e;
  }
  function num(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    const a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + 'G';
    if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    return a >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(2);
  }
  function time(ms) { return ms ? new Date(ms).toLocaleString() : '–'; }
  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store' });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }
  function showError(e) {
    const box = document.getElementById('error');
    box.hidden = !e;
    box.textContent = e ? String(e.message || e) : '';
  }
  function metric(m, name, field) {
    const x = m && m[name];
    return x ? x[field || 'value'] : null;
  }

  // ---------- topology list ----------
  async function indexPage() {
    try {
      const data = await getJson('/api/topologies');
      document.getElementById('cluster').textContent = 'cluster ' + data.cluster;
      const tbody = document.querySelector('#topologies tbody');
      tbody.replaceChildren();
      data.topologies.forEach(t => {
        const link = el('a', { href: '/topology?name=' + encodeURIComponent(t.name), text: t.name });
        tbody.append(el('tr', { 'data-topology': t.name },
          el('td', {}, link), el('td', {}, el('span', { class: 'badge ' + t.state, text: t.state })),
          el('td', { text: t.cluster }), el('td', { text: t.user }), el('td', { text: time(t.submission_time_ms) }),
          el('td', { class: 'num', text: t.components }), el('td', { class: 'num', text: t.instances }),
          el('td', { text: t.tmaster ? t.tmaster.host + ':' + t.tmaster.port : 'not running' })));
      });
      if (!data.topologies.length) tbody.append(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'no topologies' })));
      showError(null);
    } catch (e) { showError(e); }
  }

  // ---------- logical plan graph ----------
  function layout(plan) {
    const nodes = plan.spouts.concat(plan.bolts);
    const level = {};
    nodes.forEach(n => { level[n.name] = 0; });
    // Longest path from the spouts; at most |nodes| rounds, so a cycle cannot loop forever.
    for (let round = 0; round < nodes.length; round++) {
      let changed = false;
      plan.edges.forEach(e => {
        if (e.from !== e.to && level[e.from] !== undefined && level[e.to] <= level[e.from] && level[e.to] < nodes.length) {
          level[e.to] = level[e.from] + 1; changed = true;
        }
      });
      if (!changed) break;
    }
    const columns = [];
    nodes.forEach(n => { (columns[level[n.name]] = columns[level[n.name]] || []).push(n); });
    const row = {};
    columns.forEach((col, c) => {
      if (c > 0) {
        // Order by the mean row of upstream components, to keep edges short.
        const bary = n => {
          const ups = plan.edges.filter(e => e.to === n.name && row[e.from] !== undefined).map(e => row[e.from]);
          return ups.length ? ups.reduce((a, b) => a + b, 0) / ups.length : 0;
        };
        col.sort((a, b) => bary(a) - bary(b));
      }
      col.forEach((n, i) => { row[n.name] = i; });
    });
    return { nodes, level, row, columns };
  }

  function drawGraph(container, plan, compMetrics, bucketSec) {
    const label = e => e.stream + ' · ' + e.grouping + (e.fields && e.fields.length ? '(' + e.fields.join(',') + ')' : '');
    // Columns far enough apart for the longest edge label (about 6 px a character at 10.5 px).
    const longest = Math.max(0, ...plan.edges.map(e => label(e).length));
    const W = 168, H = 56, GX = W + Math.max(90, longest * 6.2 + 30), GY = 96;
    const { nodes, level, row, columns } = layout(plan);
    const maxRows = Math.max(1, ...columns.map(c => c.length));
    const width = columns.length * GX + 40, height = maxRows * GY + 40;
    const s = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, id: 'logical-graph' });
    const defs = svg('defs', {}, s);
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#7b8794' }, marker);
    const pos = {};
    nodes.forEach(n => {
      const colLen = columns[level[n.name]].length;
      const y0 = (height - colLen * GY) / 2 + (GY - H) / 2;
      pos[n.name] = { x: 20 + level[n.name] * GX, y: y0 + row[n.name] * GY };
    });
    const edgesG = svg('g', {}, s), labelsG = svg('g', {}, s);
    const pairCount = {};
    plan.edges.forEach(e => {
      const a = pos[e.from], b = pos[e.to];
      if (!a || !b) return;
      const key = e.from + '>' + e.to;
      const k = pairCount[key] = (pairCount[key] || 0) + 1;
      let d, lx, ly;
      if (level[e.to] > level[e.from]) {
        const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
        d = `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
        lx = mx; ly = (y1 + y2) / 2 - 4 + (k - 1) * 13;
      } else {
        // Back edge or self loop: an arc under the nodes.
        const x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2, y2 = b.y + H, dip = Math.max(y1, y2) + 26 + k * 8;
        d = `M ${x1} ${y1} C ${x1 + 30} ${dip}, ${x2 - 30} ${dip}, ${x2} ${y2}`;
        lx = (x1 + x2) / 2; ly = dip - 2;
      }
      svg('path', { d, class: 'edge', 'marker-end': 'url(#arrow)', 'data-edge': e.from + '->' + e.to + ':' + e.stream }, edgesG);
      const t = svg('text', { x: lx, y: ly, 'text-anchor': 'middle', class: 'edge-label', text: label(e) }, labelsG);
      t.setAttribute('data-edge-label', e.from + '->' + e.to + ':' + e.stream);
    });
    nodes.forEach(n => {
      const p = pos[n.name];
      const g = svg('g', { class: 'node ' + n.kind, 'data-component': n.name, transform: `translate(${p.x},${p.y})` }, s);
      svg('rect', { width: W, height: H, rx: n.kind === 'spout' ? 22 : 6 }, g);
      svg('text', { x: 10, y: 18, class: 'title', text: n.name }, g);
      svg('text', { x: 10, y: 34, class: 'sub', text: `${n.kind} · ${n.tasks} task${n.tasks === 1 ? '' : 's'}` }, g);
      const m = compMetrics[n.name] || {};
      // Sinks emit nothing: show what a bolt executes.
      const which = n.kind === 'bolt' && m.executed ? 'executed' : 'emitted';
      const rate = lastComplete(m[which]) / bucketSec;
      svg('text', { x: 10, y: 49, class: 'sub', text: Number.isNaN(rate) ? 'no metrics yet' : num(rate) + ' ' + which + '/s' }, g);
      svg('title', { text: n.name }, g);
    });
    container.replaceChildren(s);
  }

  // The newest complete bucket (the last one is still filling).
  function lastComplete(m) {
    if (!m || !m.timeline) return NaN;
    for (let i = m.timeline.length - 2; i >= 0; i--) if (m.timeline[i] !== null) return m.timeline[i];
    return NaN;
  }

  // ---------- charts ----------
  function lineChart(container, series, startMs, bucketMs, scale) {
    const w = Math.max(300, container.clientWidth || 400), h = 190, L = 46, R = 10, T = 10, B = 38;
    const s = svg('svg', { width: w, height: h });
    // Start at the first bucket with data (a young topology fills a small part of the window).
    let first = Math.min(...series.map(x => { const i = x.values.findIndex(v => v !== null); return i < 0 ? Infinity : i; }));
    first = Number.isFinite(first) ? Math.max(0, first - 1) : 0;
    series = series.map(x => ({ name: x.name, values: x.values.slice(first) }));
    startMs += first * bucketMs;
    const n = Math.max(0, ...series.map(x => x.values.length)) - 1; // drop the filling bucket
    let max = 0;
    series.forEach(x => x.values.slice(0, n).forEach(v => { if (v !== null) max = Math.max(max, v * scale); }));
    max = max > 0 ? max * 1.1 : 1;
    svg('line', { x1: L, y1: T, x2: L, y2: h - B, class: 'axis' }, s);
    svg('line', { x1: L, y1: h - B, x2: w - R, y2: h - B, class: 'axis' }, s);
    [0, 0.5, 1].forEach(f => svg('text', { x: L - 4, y: h - B - f * (h - B - T) + 3, 'text-anchor': 'end', class: 'tick', text: num(max * f) }, s));
    if (n > 1) {
      [0, n - 1].forEach(i => svg('text', { x: L + i / (n - 1) * (w - L - R), y: h - B + 12, 'text-anchor': i ? 'end' : 'start', class: 'tick',
        text: new Date(startMs + i * bucketMs).toLocaleTimeString() }, s));
    }
    series.forEach((x, si) => {
      const color = COLORS[si % COLORS.length];
      let d = '';
      let pen = false;
      x.values.slice(0, n).forEach((v, i) => {
        if (v === null) { pen = false; return; }
        const px = L + (n > 1 ? i / (n - 1) : 0) * (w - L - R), py = h - B - (v * scale) / max * (h - B - T);
        d += (pen ? ' L ' : ' M ') + px.toFixed(1) + ' ' + py.toFixed(1);
        pen = true;
      });
      if (d) svg('path', { d, class: 'line', stroke: color }, s);
      if (d && d.indexOf(' L ') < 0) {
        const m = d.trim().split(' ');
        svg('circle', { cx: m[1], cy: m[2], r: 2.5, fill: color }, s); // a lone point
      }
      svg('text', { x: L + 4 + si * 110, y: h - 6, class: 'leg', fill: color, text: '■ ' + x.name }, s);
    });
    if (!series.length || n < 1) svg('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', class: 'tick', text: 'waiting for metrics' }, s);
    container.replaceChildren(s);
  }

  // ---------- topology page ----------
  const params = new URLSearchParams(location.search);
  const topologyName = params.get('name');

  function stat(id, label, value) {
    return el('div', { class: 'stat' }, el('div', { class: 'v', id, text: value }), el('div', { class: 'l', text: label }));
  }

  function render(o) {
    const t = o.topology;
    document.title = 'Egret: ' + t.name;
    document.getElementById('name').textContent = t.name;
    const badge = document.getElementById('state');
    badge.textContent = t.state; badge.className = 'badge ' + t.state;
    const metrics = o.metrics || { components: {}, topology: {}, instances: [], bucket_ms: 5000, start_ms: 0 };
    const bucketSec = metrics.bucket_ms / 1000;
    const top = metrics.topology || {};
    const spouts = o.logical.spouts.map(s => s.name);
    const latencies = spouts.map(s => metric(metrics.components[s], 'complete-latency-us')).filter(v => v !== null && v !== undefined);
    document.getElementById('stats').replaceChildren(
      stat('stat-rate', 'emitted / s (last ' + bucketSec + ' s)', num(lastComplete(top.emitted) / bucketSec)),
      stat('stat-emitted', 'emitted (window)', num(metric(top, 'emitted'))),
      stat('stat-executed', 'executed (window)', num(metric(top, 'executed'))),
      stat('stat-acked', 'acked (window)', num(metric(top, 'acked'))),
      stat('stat-failed', 'failed + timed out (window)', num((metric(top, 'failed') || 0) + (metric(top, 'timed-out') || 0))),
      stat('stat-latency', 'complete latency ms', latencies.length ? num(Math.max(...latencies) / 1000) : '–'),
      stat('stat-instances', 'instances', String(t.instances)));
    if (o.metrics_error) showError(new Error('metrics unavailable: ' + o.metrics_error)); else showError(null);

    drawGraph(document.getElementById('graph'), o.logical, metrics.components, bucketSec);
    drawPhysical(o, metrics);
    const comps = Object.keys(metrics.components);
    lineChart(document.getElementById('chart-throughput'),
      comps.filter(c => metrics.components[c].emitted).map(c => ({ name: c, values: metrics.components[c].emitted.timeline })),
      metrics.start_ms, metrics.bucket_ms, 1 / bucketSec);
    const lat = [];
    comps.forEach(c => {
      const m = metrics.components[c];
      if (m['complete-latency-us']) lat.push({ name: c + ' complete', values: m['complete-latency-us'].timeline });
      else if (m['execute-latency-us']) lat.push({ name: c + ' execute', values: m['execute-latency-us'].timeline });
    });
    lineChart(document.getElementById('chart-latency'), lat, metrics.start_ms, metrics.bucket_ms, 1 / 1000);
    const fails = ['failed', 'timed-out', 'errors'].filter(n => top[n]).map(n => ({ name: n, values: top[n].timeline }));
    lineChart(document.getElementById('chart-failures'), fails, metrics.start_ms, metrics.bucket_ms, 1 / bucketSec);
    drawInstances(o, metrics);
    drawExceptions(o.exceptions);
    drawLogs(o.logs);
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function logName(i) { return 'instance-' + i.task + '-' + i.component + '.log'; }
  function logUrl(container, file) {
    return '/api/topologies/' + encodeURIComponent(topologyName) + '/logs/' + container + '/' + encodeURIComponent(file);
  }

  function drawPhysical(o, metrics) {
    const box = document.getElementById('physical');
    if (!o.physical) { box.replaceChildren(el('span', { class: 'muted', text: 'no physical plan yet: waiting for the stream managers' })); return; }
    const wrap = el('div', { class: 'containers' });
    const stmgrBp = {};
    (metrics.stmgrs || []).forEach(s => {
      stmgrBp[s.source] = Object.entries(s.metrics).some(([k, v]) => k.toLowerCase().includes('backpressure') && v.last > 0);
    });
    o.physical.containers.forEach(c => {
      const insts = el('div', { class: 'insts' });
      c.instances.forEach(i => {
        const h = o.health[String(i.task)] || { status: 'unknown', backpressure: false };
        const a = el('a', { class: 'inst ' + h.status + (h.backpressure ? ' bp' : ''), 'data-task': i.task,
          href: logUrl(c.id, logName(i)), target: '_blank', title: `${i.component} task ${i.task} · ${h.status}${h.backpressure ? ' · back pressure' : ''}`, text: i.task });
        insts.append(a);
      });
      const bp = stmgrBp[c.stmgr] ? ' · back pressure' : '';
      wrap.append(el('div', { class: 'container', 'data-container': c.id },
        el('div', { class: 'head', text: `container ${c.id} · ${c.stmgr} · ${c.host}${bp}` }), insts));
    });
    box.replaceChildren(wrap);
  }

  function drawInstances(o, metrics) {
    const byTask = {};
    metrics.instances.forEach(s => { byTask[s.task] = s.metrics; });
    const tbody = document.querySelector('#instances tbody');
    const rows = [];
    (o.physical ? o.physical.instances : []).forEach(i => {
      const m = byTask[i.task] || {};
      const h = o.health[String(i.task)] || { status: 'unknown' };
      const lat = metric(m, 'complete-latency-us') ?? metric(m, 'execute-latency-us');
      rows.push(el('tr', { 'data-row-task': i.task, 'data-filter': (i.component + ' ' + i.task).toLowerCase() },
        el('td', { class: 'num', text: i.task }), el('td', { text: i.component }), el('td', { class: 'num', text: i.container }),
        el('td', {}, el('span', { class: 'sw ' + h.status }), h.status + (h.backpressure ? ' · back pressure' : '')),
        el('td', { class: 'num', text: num(metric(m, 'emitted')) }), el('td', { class: 'num', text: num(metric(m, 'executed')) }),
        el('td', { class: 'num', text: num(metric(m, 'acked')) }), el('td', { class: 'num', text: num(metric(m, 'failed')) }),
        el('td', { class: 'num', text: lat === null || lat === undefined ? '–' : num(lat / 1000) }),
        el('td', {}, el('a', { href: logUrl(i.container, logName(i)), target: '_blank', text: 'log' }))));
    });
    tbody.replaceChildren(...rows);
    applyFilter();
  }

  function applyFilter() {
    const f = document.getElementById('filter').value.trim().toLowerCase();
    document.querySelectorAll('#instances tbody tr').forEach(r => { r.hidden = f && !r.dataset.filter.includes(f); });
  }

  function drawExceptions(list) {
    const box = document.getElementById('exceptions');
    if (!list.length) { box.replaceChildren(el('span', { class: 'muted', text: 'none reported' })); return; }
    box.replaceChildren(...list.slice(0, 50).map(e => el('div', { class: 'exc' },
      el('div', { text: `${time(e.last_ms)} · ${e.component} task ${e.task} · ${e.count}×` }),
      el('details', {}, el('summary', { text: e.class + (e.message ? ': ' + e.message : '') }), el('pre', { text: e.stack_trace })))));
  }

  function drawLogs(logs) {
    const box = document.getElementById('logs');
    if (!logs.length) { box.replaceChildren(el('span', { class: 'muted', text: 'no logs on this host (not a local cluster?)' })); return; }
    // a container on YARN links to its NodeManager's log page; local files are served by the Tracker
    box.replaceChildren(el('div', { class: 'loglist' }, ...logs.map(c => el('div', {},
      el('strong', { text: 'container ' + c.container }), el('br'),
      ...(c.url ? [el('a', { href: c.url, target: '_blank', text: 'logs on its node' }), el('br')] : []),
      ...c.files.flatMap(f => [el('a', { href: logUrl(c.container, f), target: '_blank', text: f }), el('br')])))));
  }

  async function topologyPage() {
    if (!topologyName) { showError(new Error('no topology named in the address (?name=...)')); return; }
    try {
      const w = document.getElementById('window').value;
      render(await getJson('/api/topologies/' + encodeURIComponent(topologyName) + '/overview?window=' + w));
      document.body.dataset.loaded = 'true';
    } catch (e) { showError(e); }
  }

  const page = document.body.dataset.page;
  if (page === 'index') {
    indexPage();
    setInterval(indexPage, 10000);
  } else if (page === 'topology') {
    document.getElementById('filter').addEventListener('input', applyFilter);
    document.getElementById('window').addEventListener('change', topologyPage);
    topologyPage();
    setInterval(topologyPage, 10000);
  }
})();
