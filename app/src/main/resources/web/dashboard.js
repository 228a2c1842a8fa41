'use strict';
// sensorstream's live page: four views over the process's HTTP API (README "HTTP endpoints").
// The summary arrives by server-sent events once a second; each view fetches what it shows, a page at a time.

const $ = id => document.getElementById(id);
const fmt = (v, d = 2) => (v === undefined || v === null || Number.isNaN(Number(v))) ? '–' : Number(v).toFixed(d);
const int = v => (v === undefined || v === null || Number.isNaN(Number(v))) ? '–' : Math.round(Number(v)).toLocaleString();
const time = ms => new Date(ms).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
const dateTime = ms => new Date(ms).toLocaleString([], {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'});
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const dur = ms => ms % 60000 === 0 ? (ms / 60000) + ' min' : (ms / 1000) + ' s';
const span = ms => ms < 1000 ? ms + ' ms' : ms < 120000 ? (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s'
  : ms < 7200000 ? Math.round(ms / 60000) + ' min' : (ms / 3600000).toFixed(1) + ' h';
const q = params => Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');

// what the browser test reads
const dash = window.__dashboard = {summaries: 0, chartPoints: 0, alertsShown: 0, selected: null, sensorRows: 0,
  sensorsMatched: 0, overview: null, highlight: null, resend: null, pipelineInstances: 0, dlqSamples: 0};

async function getJson(url) {
  try {
    const r = await fetch(url, {cache: 'no-store'});
    return r.ok ? await r.json() : null;
  } catch (e) {
    return null;
  }
}

/* ---------- header ---------- */

let summary = null, tick = 0;

function pills(p, t) {
  const pill = (label, value, cls = '', title = '') => '<span class="pill ' + cls + '"' + (title ? ' title="' + esc(title) + '"' : '') +
    '>' + label + ' <b>' + value + '</b></span>';
  $('pills').innerHTML = pill('processor', p.state, p.state === 'RUNNING' ? 'good' : 'bad') +
    pill('in', p.records_in_per_s === null ? '–' : int(p.records_in_per_s) + '/s', '', 'Input records per second, last second') +
    pill('windows', int(t.windows), '', 'Final window results') +
    pill('jump alerts', int(t.alerts)) +
    pill('firing', int(t.firing), t.firing ? 'bad' : '', 'Detector alerts firing now') +
    pill('dead-letter', int(t.dead_letters), t.dead_letters ? 'bad' : '') +
    pill('late', int(t.late), t.late ? 'bad' : '') +
    pill('watermark lag', Number.isFinite(p.watermark_lag_s) ? fmt(p.watermark_lag_s, 1) + ' s' : '–', '', 'Wall clock minus watermark, worst partition') +
    pill('consumer lag', Number.isFinite(p.consumer_lag) ? int(p.consumer_lag) : '–', '', 'Input records not yet read, worst partition') +
    pill('sensors', int(t.sensors));
  $('config').textContent = (p.window_size_ms === p.window_advance_ms ? dur(p.window_size_ms) + ' tumbling windows'
    : dur(p.window_size_ms) + ' windows every ' + dur(p.window_advance_ms)) + ' · watermark delay ' + dur(p.watermark_delay_ms) +
    ' · jump threshold ' + p.jump_threshold;
}

/* ---------- tabs ---------- */

const TABS = ['sensors', 'overview', 'dead-letters', 'pipeline'];
let tab = 'sensors';

function showTab(name) {
  tab = TABS.includes(name) ? name : 'sensors';
  TABS.forEach(t => { $('view-' + t).hidden = t !== tab; });
  document.querySelectorAll('#tabs a').forEach(a => a.classList.toggle('active', a.dataset.tab === tab));
  refreshTab(true);
}

function refreshTab(now) {
  if (tab === 'overview' && (now || tick % 5 === 0)) loadOverview();
  if (tab === 'dead-letters' && (now || tick % 2 === 0)) loadDeadLetters(now);
  if (tab === 'pipeline' && (now || tick % 2 === 0)) loadPipeline();
}

window.addEventListener('hashchange', () => showTab(location.hash.slice(1)));

/* ---------- sensor list: server-side pages, only the visible rows in the DOM ---------- */

const ROW = 30;
let listSeq = 0, listFrame = 0;

async function loadSensorPage() {
  const el = $('sensors');
  const first = Math.floor(el.scrollTop / ROW), visible = Math.ceil(el.clientHeight / ROW) + 1;
  const offset = Math.max(0, first - 20), seq = ++listSeq;
  const page = await getJson('api/sensors?' + q({q: $('search').value.trim(), sort: $('sort').value, offset, limit: visible + 40}));
  if (!page || seq !== listSeq) return;
  $('sensors-spacer').style.height = (page.matched * ROW) + 'px';
  $('sensor-rows').style.top = (page.offset * ROW) + 'px';
  $('sensor-count').textContent = page.matched === page.total ? '(' + int(page.total) + ')' : '(' + int(page.matched) + ' of ' + int(page.total) + ')';
  dash.sensorRows = page.items.length;
  dash.sensorsMatched = page.matched;
  $('sensor-rows').innerHTML = page.items.length ? page.items.map(x => '<li data-sensor="' + esc(x.sensor_id) + '"' +
      (x.sensor_id === dash.selected ? ' class="selected"' : '') + ' title="' + esc(x.sensor_id) + ': normal band ' + fmt(x.lower) + ' … ' +
      fmt(x.upper) + (x.firing ? ', ' + x.firing + ' alert(s) firing' : '') + '"><span><i class="dot s' + x.state + '"></i>' +
      esc(x.sensor_id) + '</span><span class="v">' + fmt(x.avg) + '</span><span class="n' + (x.alerts ? ' has' : '') + '">' +
      int(x.alerts) + '</span></li>').join('')
    : '<li class="empty">' + (page.total ? 'No sensor matches.' : 'Waiting for the first window…') + '</li>';
  if (!dash.selected && page.items.length) select(page.items[0].sensor_id);
}

$('sensors').addEventListener('scroll', () => {
  cancelAnimationFrame(listFrame);
  listFrame = requestAnimationFrame(loadSensorPage);
});
$('sensor-rows').addEventListener('click', e => {
  const li = e.target.closest('li[data-sensor]');
  if (li) select(li.dataset.sensor);
});
$('search').addEventListener('input', () => { $('sensors').scrollTop = 0; loadSensorPage(); });
$('sort').addEventListener('change', () => { $('sensors').scrollTop = 0; loadSensorPage(); });

/* ---------- the selected sensor: window definition, time range, chart ---------- */

let windowDefs = [], range = {kind: 'rel', ms: 300000}, frozenEnd = null, chart = null, seriesSeq = 0;

function initWindows(defs) {
  if (windowDefs.length || !defs || !defs.length) return;
  windowDefs = defs;
  $('window-select').innerHTML = defs.map(w => '<option value="' + esc(w.name) + '">' + esc(w.name) + ' — ' + esc(w.kind) +
    (w.kind === 'session' ? ', gap ' + dur(w.gap_ms) : w.size_ms === w.advance_ms ? ', ' + dur(w.size_ms)
      : ', ' + dur(w.size_ms) + ' every ' + dur(w.advance_ms)) + '</option>').join('');
}

function select(id) {
  if (dash.selected !== id) dash.highlight = null;
  dash.selected = id;
  $('title').textContent = id;
  document.querySelectorAll('#sensor-rows li').forEach(li => li.classList.toggle('selected', li.dataset.sensor === id));
  if ($('f-follow').checked) { $('f-sensor').value = id; loadAlerts(true); }
  refreshSeries();
}

function latestEventTime() {
  return summary && summary.totals.latest_event_time ? summary.totals.latest_event_time : Date.now();
}

/** [from, to] in epoch ms of the chosen range; null ends for "all held". */
function currentRange() {
  if (range.kind === 'all') return [null, null];
  if (range.kind === 'abs') return [range.from, range.to];
  const end = $('follow').checked || frozenEnd === null ? latestEventTime() : frozenEnd;
  return [end - range.ms, end + 1000];
}

function setRange(r) {
  range = r;
  document.querySelectorAll('#range button[data-range]').forEach(b => b.classList.toggle('active',
    (r.kind === 'rel' && b.dataset.range === String(r.ms)) || (r.kind === 'all' && b.dataset.range === 'all')));
  if (r.kind === 'abs') $('follow').checked = false;
  refreshSeries();
}

const toLocalInput = ms => { const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000); return d.toISOString().slice(0, 19); };
document.querySelectorAll('#range button[data-range]').forEach(b => b.addEventListener('click', () => {
  dash.highlight = null;
  if (b.dataset.range !== 'all') $('follow').checked = true;
  setRange(b.dataset.range === 'all' ? {kind: 'all'} : {kind: 'rel', ms: Number(b.dataset.range)});
}));
$('range-apply').addEventListener('click', () => {
  const from = Date.parse($('range-from').value), to = Date.parse($('range-to').value);
  if (Number.isFinite(from) && Number.isFinite(to) && to > from) setRange({kind: 'abs', from, to});
});
$('follow').addEventListener('change', () => {
  if ($('follow').checked) { dash.highlight = null; if (range.kind === 'abs') range = {kind: 'rel', ms: 300000}; setRange(range); }
  else frozenEnd = latestEventTime();
});
$('window-select').addEventListener('change', () => { if (chart) { chart.destroy(); chart = null; } refreshSeries(); });

async function refreshSeries() {
  const id = dash.selected;
  if (!id) return;
  const [from, to] = currentRange(), seq = ++seriesSeq;
  const s = await getJson('api/sensor/' + encodeURIComponent(id) + '?' + q({window: $('window-select').value, from, to}));
  if (!s || seq !== seriesSeq || id !== dash.selected) return;
  draw(s, from, to);
}

function holdsText(s) {
  const h = s.holds, parts = [];
  parts.push(h.raw_from === null ? 'no raw readings held for this sensor'
    : 'raw readings since ' + dateTime(h.raw_from) + ' (the last ' + int(h.raw_per_sensor) + ' per sensor)');
  parts.push(h.windows_from === null ? 'no results of “' + s.window_name + '” yet'
    : 'results of “' + s.window_name + '” since ' + dateTime(h.windows_from) + ' (the last ' + int(h.windows_per_sensor) + ')');
  return 'This process holds ' + parts.join('; ') + ' (a memory budget shared by ' + int(h.sensors) +
    ' sensors). Older data: the output topics or a sink.';
}

function draw(s, from, to) {
  const w = s.windows, lw = w.length ? w[w.length - 1] : null;
  $('holds').textContent = holdsText(s);
  $('stats').innerHTML = lw ? [['mean', fmt(lw.avg)], ['min', fmt(lw.min)], ['max', fmt(lw.max)], ['σ (std dev)', fmt(lw.stddev)],
    ['p95', fmt(lw.p95)], ['readings', int(lw.count)]].map(([k, v]) => '<div>' + k + '<b>' + v + '</b></div>').join('') +
    '' : '<div>latest window<b>–</b></div>';
  if (lw) $('stats').title = 'Latest “' + s.window_name + '” result: ' + dateTime(lw.start) + ' – ' + time(lw.end);
  $('results').tBodies[0].innerHTML = w.slice(-15).reverse().map(r => '<tr><td>' + dateTime(r.start) + '</td><td>' + time(r.end) +
    '</td><td>' + esc(r.emit) + (r.revision ? ' r' + r.revision : '') + '</td><td>' + int(r.count) + '</td><td>' + fmt(r.avg) +
    '</td><td>' + fmt(r.min) + '</td><td>' + fmt(r.max) + '</td><td>' + fmt(r.stddev) + '</td><td>' + fmt(r.p95) + '</td></tr>').join('')
    || '<tr><td colspan="9" class="empty">No results in this range.</td></tr>';
  const hl = dash.highlight && dash.highlight.sensor === s.sensor_id ? dash.highlight : null;
  const xs = new Set();
  s.raw.forEach(p => xs.add(p[0] / 1000));
  w.forEach(x => { xs.add(x.start / 1000); xs.add(x.end / 1000 - 0.001); });
  s.alerts.forEach(p => xs.add(p[0] / 1000));
  if (hl) xs.add(hl.t / 1000);
  const x = [...xs].sort((a, b) => a - b), idx = new Map(x.map((v, i) => [v, i]));
  const col = () => new Array(x.length).fill(null);
  const raw = col(), mean = col(), lo = col(), hi = col(), marks = col(), ring = col();
  s.raw.forEach(p => { raw[idx.get(p[0] / 1000)] = p[1]; });
  w.forEach(r => [r.start / 1000, r.end / 1000 - 0.001].forEach(t => {
    const i = idx.get(t); mean[i] = r.avg; lo[i] = r.min; hi[i] = r.max; }));
  s.alerts.forEach(p => { marks[idx.get(p[0] / 1000)] = p[1]; });
  if (hl && hl.v !== null) ring[idx.get(hl.t / 1000)] = hl.v;
  dash.chartPoints = s.raw.length + w.length;
  const data = [x, raw, mean, lo, hi, marks, ring];
  const xRange = [from === null ? null : from / 1000, to === null ? null : to / 1000];
  const key = s.sensor_id + '|' + s.window_name;
  if (chart && chart.__key === key) {
    chart.__range = xRange;
    chart.setData(data);
    return;
  }
  if (chart) chart.destroy();
  const width = Math.max(320, $('chart').clientWidth);
  chart = new uPlot({width, height: 360, legend: {show: false}, cursor: {drag: {x: true, y: false}},
    scales: {x: {time: true, range: (u, min, max) => [u.__range && u.__range[0] !== null ? u.__range[0] : min,
      u.__range && u.__range[1] !== null ? u.__range[1] : max]}},
    series: [{}, {stroke: '#9aa3b5', width: 1, spanGaps: true, points: {show: false}},
      {stroke: '#2f6fdf', width: 2, spanGaps: true},
      {stroke: '#2f6fdf44', width: 1, spanGaps: true}, {stroke: '#2f6fdf44', width: 1, spanGaps: true},
      {stroke: '#d6452f', paths: () => null, points: {show: true, size: 10, fill: '#d6452f'}},
      {stroke: '#1d2330', paths: () => null, points: {show: true, size: 22, width: 3, fill: 'transparent', stroke: '#1d2330'}}],
    bands: [{series: [4, 3], fill: '#2f6fdf1f'}]}, [[], [], [], [], [], [], []], $('chart'));
  chart.__key = key;
  chart.__range = xRange;
  chart.setData(data);
}

/* ---------- alert feed: filters, server-side pages, click to jump ---------- */

let alertItems = [], alertNext = -1, olderLoaded = false, alertSeq = 0;

function alertFilters() {
  return {sensor: $('f-sensor').value.trim(), detector: $('f-detector').value, severity: $('f-severity').value, state: $('f-state').value};
}

function fillOptions(sel, values, any) {
  const keep = sel.value, have = [...sel.options].map(o => o.value).join('|'), want = ['', ...values].join('|');
  if (have === want) return;
  sel.innerHTML = '<option value="">' + any + '</option>' + values.map(v => '<option>' + esc(v) + '</option>').join('');
  sel.value = values.includes(keep) ? keep : '';
}

async function loadAlerts(reset) {
  if (reset) { olderLoaded = false; alertItems = []; $('alerts').scrollTop = 0; }
  const seq = ++alertSeq;
  const page = await getJson('api/alerts?' + q({...alertFilters(), limit: 50}));
  if (!page || seq !== alertSeq) return;
  fillOptions($('f-detector'), page.detectors, 'Any detector');
  fillOptions($('f-severity'), page.severities, 'Any severity');
  if (!olderLoaded) {
    alertItems = page.items;
    alertNext = page.next_before;
  } else {
    const newest = alertItems.length ? alertItems[0].seq : 0;
    alertItems = page.items.filter(a => a.seq > newest).concat(alertItems);
  }
  $('alert-count').textContent = '(' + int(page.held) + ' held)';
  renderAlerts();
}

async function loadOlderAlerts() {
  if (alertNext < 0) return;
  const page = await getJson('api/alerts?' + q({...alertFilters(), before: alertNext, limit: 50}));
  if (!page) return;
  olderLoaded = true;
  alertItems = alertItems.concat(page.items);
  alertNext = page.next_before;
  renderAlerts();
}

function alertText(a) {
  if (a.kind === 'event') {
    const m = a.metric || (summary ? summary.pipeline.metric : 'value');
    return fmt(a['previous_' + m]) + ' → ' + fmt(a['current_' + m]) + ' (Δ ' + fmt(a.delta) + ' > ' + a.threshold + ')';
  }
  return esc(a.metric === '*' ? '' : a.metric + ' ') + (a.value === null ? '' : fmt(a.value) + ' ') +
    (a.lower === null && a.upper === null ? '' : '(normal ' + fmt(a.lower) + ' … ' + fmt(a.upper) + ') ') +
    (a.score === null ? '' : (a.state === 'RESOLVED' ? 'peak score ' : 'score ') + fmt(a.score));
}

function alertValue(a) {
  if (a.kind === 'event') return a['current_' + (a.metric || (summary ? summary.pipeline.metric : 'value'))];
  return a.value;
}

function renderAlerts() {
  dash.alertsShown = alertItems.length;
  $('alerts-older').hidden = alertNext < 0;
  $('alerts').innerHTML = alertItems.length ? alertItems.map((a, i) => {
    const ev = a.kind === 'event', resolved = a.state === 'RESOLVED';
    const badge = ev ? 'JUMP' : a.state;
    const life = ev ? '' : resolved ? ' · lasted ' + span(a.duration_ms ?? 0)
      : a.resolved_at ? ' · resolved after ' + span(a.duration_ms ?? 0) : a.duration_ms !== undefined ? ' · firing for ' + span(a.duration_ms) : '';
    return '<div class="alert' + (ev ? ' event' : '') + (resolved || a.resolved_at ? ' resolved' : '') + (a.severity === 'critical' ? ' critical' : '') +
      '" data-i="' + i + '" data-sensor="' + esc(a.sensor_id) + '" data-state="' + esc(ev ? 'EVENT' : a.state) + '" title="Show on the chart">' +
      '<span class="state' + (ev ? ' event' : resolved ? ' resolved' : '') + '">' + badge + '</span><b>' + esc(a.sensor_id) + '</b> ' +
      esc(a.detector || 'jump') + (a.severity ? ' <span class="sev">' + esc(a.severity) + '</span>' : '') + ': ' + alertText(a) +
      '<div class="t">' + dateTime(a.timestamp) + life + '</div></div>';
  }).join('') : '<div class="empty">' + (Object.values(alertFilters()).some(v => v) ? 'No alert matches the filters.' : 'No alerts yet.') + '</div>';
}

$('alerts').addEventListener('click', e => {
  const card = e.target.closest('.alert[data-i]');
  if (!card) return;
  const a = alertItems[Number(card.dataset.i)];
  dash.highlight = {sensor: a.sensor_id, t: a.timestamp, v: alertValue(a) ?? null};
  if (tab !== 'sensors') location.hash = '#sensors';
  select(a.sensor_id);
  setRange({kind: 'abs', from: a.timestamp - 150000, to: a.timestamp + 150000});
  $('range-from').value = toLocalInput(a.timestamp - 150000);
  $('range-to').value = toLocalInput(a.timestamp + 150000);
});
$('alerts-older').addEventListener('click', loadOlderAlerts);
['f-detector', 'f-severity', 'f-state'].forEach(id => $(id).addEventListener('change', () => loadAlerts(true)));
$('f-sensor').addEventListener('input', () => loadAlerts(true));
$('f-follow').addEventListener('change', () => {
  $('f-sensor').disabled = $('f-follow').checked;
  if ($('f-follow').checked && dash.selected) $('f-sensor').value = dash.selected;
  loadAlerts(true);
});

/* ---------- overview: every sensor as one tile on a canvas ---------- */

let heat = null;

function tileColour(state, z) {
  if (state === 3) return '#b3261e';
  if (state === 2) return '#e08a1e';
  if (state === 1) return '#f2c94c';
  if (z === null) return '#cfd5df';
  const k = Math.min(1, Math.abs(z) / 4); // 0: at the band's centre, 1: four standard deviations out
  const mix = (a, b) => Math.round(a + (b - a) * k);
  return 'rgb(' + mix(168, 20) + ',' + mix(220, 90) + ',' + mix(185, 50) + ')';
}

async function loadOverview() {
  const t0 = performance.now();
  let text;
  try {
    const r = await fetch('api/overview', {cache: 'no-store'});
    if (!r.ok) return;
    text = await r.text();
  } catch (e) {
    return;
  }
  const data = JSON.parse(text), t1 = performance.now();
  drawHeatmap(data);
  const t2 = performance.now();
  requestAnimationFrame(() => {
    const t3 = performance.now();
    dash.overview = {sensors: data.ids.length, bytes: text.length, fetchMs: t1 - t0, drawMs: t2 - t1, frameMs: t3 - t1};
    $('overview-stats').insertAdjacentHTML('beforeend', '<span>payload <b>' + fmt(text.length / 1024, 0) + ' KB</b></span><span>drawn in <b>' +
      fmt(t2 - t1, 1) + ' ms</b> (frame ' + fmt(t3 - t1, 1) + ' ms)</span>');
  });
}

function drawHeatmap(d) {
  const n = d.ids.length, canvas = $('heatmap'), width = canvas.clientWidth || 800;
  const maxHeight = Math.max(300, window.innerHeight - 260);
  let size = 24;
  while (size > 3 && Math.ceil(n / Math.floor(width / size)) * size > maxHeight) size--;
  const cols = Math.max(1, Math.floor(width / size)), rows = Math.ceil(n / cols), dpr = window.devicePixelRatio || 1;
  canvas.style.height = (rows * size) + 'px';
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(rows * size * dpr);
  const g = canvas.getContext('2d');
  g.scale(dpr, dpr);
  const gap = size > 6 ? 1 : 0, counts = [0, 0, 0, 0], noBand = {n: 0};
  for (let i = 0; i < n; i++) {
    const st = d.state[i], z = d.z[i];
    counts[st]++;
    if (st === 0 && z === null) noBand.n++;
    g.fillStyle = tileColour(st, z);
    g.fillRect((i % cols) * size, Math.floor(i / cols) * size, size - gap, size - gap);
  }
  heat = {d, size, cols};
  $('overview-count').textContent = '(' + int(n) + ')';
  $('overview-stats').innerHTML = '<span>critical firing <b>' + int(counts[3]) + '</b></span><span>warning firing <b>' + int(counts[2]) +
    '</b></span><span>recent jump <b>' + int(counts[1]) + '</b></span><span>normal <b>' + int(counts[0] - noBand.n) +
    '</b></span><span>no band yet <b>' + int(noBand.n) + '</b></span><span>window <b>' + esc(d.window_name) + '</b></span>';
}

function tileAt(e) {
  if (!heat) return -1;
  const r = $('heatmap').getBoundingClientRect();
  const c = Math.floor((e.clientX - r.left) / heat.size), row = Math.floor((e.clientY - r.top) / heat.size);
  const i = row * heat.cols + c;
  return c < heat.cols && i >= 0 && i < heat.d.ids.length ? i : -1;
}

$('heatmap').addEventListener('mousemove', e => {
  const i = tileAt(e), tip = $('heat-tip');
  if (i < 0) { tip.hidden = true; return; }
  const d = heat.d, states = ['normal', 'jump alert in the last 5 min', 'warning firing', 'critical firing'];
  tip.innerHTML = '<b>' + esc(d.ids[i]) + '</b><br>latest mean ' + fmt(d.avg[i]) + ' · ' +
    (d.z[i] === null ? 'no band yet' : fmt(d.z[i], 1) + ' σ from normal') + '<br>' + states[d.state[i]];
  tip.style.left = (e.clientX + 12) + 'px';
  tip.style.top = (e.clientY + 12) + 'px';
  tip.hidden = false;
});
$('heatmap').addEventListener('mouseleave', () => { $('heat-tip').hidden = true; });
$('heatmap').addEventListener('click', e => {
  const i = tileAt(e);
  if (i < 0) return;
  location.hash = '#sensors';
  select(heat.d.ids[i]);
});

/* ---------- dead letters and late readings ---------- */

let dlqReason = '';

function perMinuteSvg(perMinute, reasons) {
  if (!perMinute.length) return '<div class="hdr">Nothing in the last hour of record time.</div>';
  const palette = ['#d6452f', '#2f6fdf', '#e08a1e', '#8e44ad', '#2e9b5b', '#6b7385', '#c0392b', '#16a085'];
  const colour = r => palette[reasons.indexOf(r) % palette.length];
  const max = Math.max(...perMinute.map(m => Object.values(m.counts).reduce((a, b) => a + b, 0)));
  const w = 600, h = 70, bw = w / Math.max(perMinute.length, 1);
  const bars = perMinute.map((m, i) => {
    let y = h;
    return Object.entries(m.counts).map(([r, c]) => {
      const bh = Math.max(1, c / max * (h - 4));
      y -= bh;
      return '<rect x="' + (i * bw + 1) + '" y="' + y + '" width="' + Math.max(1, bw - 2) + '" height="' + bh + '" fill="' + colour(r) +
        '"><title>' + time(m.minute) + ' ' + esc(r) + ': ' + c + '</title></rect>';
    }).join('');
  }).join('');
  return '<svg viewBox="0 0 ' + w + ' ' + h + '" width="100%" height="' + h + '" preserveAspectRatio="none">' + bars + '</svg>' +
    '<div class="hdr">per minute of record time, ' + time(perMinute[0].minute) + ' – ' + time(perMinute[perMinute.length - 1].minute) +
    ', highest ' + int(max) + ' · ' + reasons.map(r => '<span style="color:' + colour(r) + '">■</span> ' + esc(r)).join(' ') + '</div>';
}

function editing() {
  const root = $('dlq');
  return root.contains(document.activeElement) && document.activeElement.tagName === 'TEXTAREA'
    || root.querySelector('input[type=checkbox][data-id]:checked') !== null;
}

async function loadDeadLetters(force) {
  if (!force && editing()) return; // do not replace what the user is fixing
  const d = await getJson('api/dead-letters?' + q({reason: dlqReason, limit: 50}));
  if (!d) return;
  const reasons = [...new Set(d.topics.flatMap(t => Object.keys(t.by_reason)))].sort();
  dash.dlqSamples = d.topics.reduce((a, t) => a + t.samples.length, 0);
  $('dlq').className = 'panel wide dlq';
  $('dlq').innerHTML = '<h2>Records set aside</h2><p class="help">Readings the processor could not use are never dropped: malformed ones go to the' +
    ' dead-letter topic, readings too late for their window to the late topic, each with its reason and source in the headers. Fix a' +
    ' value below and re-send it into the input topic (the page holds the last ' + d.samples_held + ' of each topic).</p>' +
    '<div class="dlq-actions"><label>Reason <select id="dlq-reason"><option value="">any</option>' +
    reasons.map(r => '<option' + (r === dlqReason ? ' selected' : '') + '>' + esc(r) + '</option>').join('') + '</select></label>' +
    '<button id="dlq-refresh">Refresh</button><button id="resend">Re-send selected</button><span id="resend-result">' +
    esc(dash.resend ? dash.resend.text : '') + '</span></div>' +
    d.topics.map(t => '<div class="dlq-topic"><h3>' + esc(t.topic) + ': ' + int(t.total) + ' records</h3><div class="reasons">' +
      (Object.entries(t.by_reason).map(([r, c]) => '<span>' + esc(r) + ' <b>' + int(c) + '</b></span>').join('') || '<span>none</span>') +
      '</div>' + perMinuteSvg(t.per_minute, reasons) +
      '<table><thead><tr><th></th><th>time</th><th>source</th><th>reason</th><th>detail</th><th>key</th><th>value (edit to fix)</th></tr></thead><tbody>' +
      (t.samples.map(s => '<tr><td><input type="checkbox" data-id="' + esc(s.id) + '" aria-label="select ' + esc(s.id) + '"></td><td>' +
        dateTime(s.timestamp) + '</td><td class="hdr">' + esc(s.headers['sensorstream.source.topic'] || s.topic) + '/' +
        esc(s.headers['sensorstream.source.partition'] ?? '?') + '@' + esc(s.headers['sensorstream.source.offset'] ?? '?') +
        '<br>now ' + esc(s.id) + '</td><td>' + esc(s.headers['sensorstream.reason']) + '</td><td class="hdr">' +
        esc(s.headers['sensorstream.detail'] || (s.headers['sensorstream.window.name'] ? 'window ' + s.headers['sensorstream.window.name'] : '')) +
        '</td><td>' + esc(s.key) + '</td><td><textarea rows="2" data-value="' + esc(s.id) + '">' + esc(s.value) + '</textarea></td></tr>').join('')
        || '<tr><td colspan="7" class="empty">No records.</td></tr>') + '</tbody></table></div>').join('');
  $('dlq-reason').addEventListener('change', e => { dlqReason = e.target.value; loadDeadLetters(true); });
  $('dlq-refresh').addEventListener('click', () => loadDeadLetters(true));
  $('resend').addEventListener('click', resendSelected);
}

async function resendSelected() {
  const ids = [...document.querySelectorAll('#dlq input[type=checkbox][data-id]:checked')].map(c => c.dataset.id);
  if (!ids.length) { $('resend-result').textContent = 'Select the records to re-send first.'; return; }
  const values = ids.map(id => document.querySelector('#dlq textarea[data-value="' + CSS.escape(id) + '"]').value);
  let text;
  try {
    const r = await fetch('api/dead-letters/resend', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({values})});
    const body = r.headers.get('Content-Type')?.startsWith('application/json') ? await r.json() : {message: await r.text()};
    text = body.message ? 'Not re-sent: ' + body.message
      : 'Re-sent ' + body.accepted + ' of ' + values.length + (body.errors.length ? '; refused: ' +
        body.errors.map(e => '#' + e.index + ' ' + e.reason).join('; ') : '') + '.';
    dash.resend = {status: r.status, accepted: body.accepted ?? 0, rejected: body.rejected ?? values.length, text};
  } catch (e) {
    text = 'Not re-sent: ' + e;
    dash.resend = {status: 0, accepted: 0, rejected: values.length, text};
  }
  $('resend-result').textContent = text;
  document.querySelectorAll('#dlq input[type=checkbox][data-id]:checked').forEach(c => { c.checked = false; });
}

/* ---------- pipeline: per instance, per partition ---------- */

async function loadPipeline() {
  const d = await getJson('api/pipeline?scope=all');
  if (!d) return;
  dash.pipelineInstances = d.instances.length;
  const restore = r => r.total === 0 && r.done ? 'nothing to restore' : r.done ? 'restored ' + int(r.restored)
    : '<span class="bar"><i style="width:' + Math.min(100, r.restored / Math.max(1, r.total) * 100) + '%"></i></span>' +
      int(r.restored) + ' / ' + int(r.total);
  $('pipeline').innerHTML = '<h2>Pipeline: ' + d.instances.length + ' instance' + (d.instances.length === 1 ? '' : 's') + '</h2>' +
    '<p class="help">Kafka Streams runs one task per input partition; instances with the same application id share the partitions.' +
    ' Active: this instance processes the partition; standby: it keeps a warm copy of its state.</p>' +
    d.instances.map(inst => inst.error ? '<div class="instance"><h3>' + esc(inst.instance) + '</h3><div class="error">' + esc(inst.error) + '</div></div>'
      : '<div class="instance"><h3>' + esc(inst.instance) + (inst.instance_id ? ' (' + esc(inst.instance_id) + ')' : '') + ' · ' +
        esc(inst.state) + '</h3><table><thead><tr><th>stream thread</th><th>state</th><th>active partitions</th><th>standby partitions</th></tr></thead><tbody>' +
        (inst.threads.map(t => '<tr><td>' + esc(t.name) + '</td><td>' + esc(t.state) + '</td><td>' + (t.active.join(', ') || '–') +
          '</td><td>' + (t.standby.join(', ') || '–') + '</td></tr>').join('') || '<tr><td colspan="4" class="empty">No threads yet.</td></tr>') +
        '</tbody></table><table class="partitions"><thead><tr><th>partition</th><th>role</th><th>watermark lag</th><th>consumer lag</th>' +
        '<th>records in</th><th>records out</th><th>sensors</th><th>open windows</th><th>pending readings</th><th>state restore</th></tr></thead><tbody>' +
        (inst.partitions.map(p => '<tr data-partition="' + p.partition + '"><td>' + p.partition + '</td><td>' + esc(p.role) + '</td><td>' +
          (p.watermark_lag_s === null ? '–' : fmt(p.watermark_lag_s, 1) + ' s') + '</td><td>' + int(p.consumer_lag) + '</td><td>' +
          int(p.records_in) + '</td><td>' + int(p.records_out) + '</td><td>' + int(p.sensors) + '</td><td>' + int(p.open_windows) +
          '</td><td>' + int(p.pending_readings) + '</td><td>' + restore(p.restore) + '</td></tr>').join('')
          || '<tr><td colspan="10" class="empty">No partitions on this instance.</td></tr>') + '</tbody></table></div>').join('');
}

/* ---------- the summary drives everything ---------- */

function onSummary(s) {
  summary = s;
  dash.summaries++;
  tick++;
  pills(s.pipeline, s.totals);
  if (dash.summaries === 1) dash.firstHeader = $('pills').textContent;
  initWindows(s.pipeline.windows);
  if (tab === 'sensors') {
    loadSensorPage();
    loadAlerts(false);
    if ($('follow').checked || !chart) refreshSeries();
  }
  refreshTab(false);
}

showTab(location.hash.slice(1) || 'sensors');
setRange(range);
const events = new EventSource('api/events');
events.addEventListener('summary', e => onSummary(JSON.parse(e.data)));
events.onerror = () => { $('config').textContent = 'disconnected — reconnecting…'; };
