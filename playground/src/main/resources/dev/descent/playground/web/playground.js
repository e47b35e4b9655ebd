'use strict';
/*
 * Descent playground: the helpers every panel shares, the tabs, and start-up.
 *
 * Each panel lives in its own file (one-variable.js, two-variables.js, boston.js, network.js),
 * wrapped in a function so that its names stay private, and registers itself in PANELS.
 * All scripts are loaded with `defer`, so they run in order before DOMContentLoaded.
 */

/** Tab name -> {show()}, called each time that tab is shown. */
const PANELS = {};

/** Hooks for browser tests; the panels add theirs (window.playground.one). */
window.playground = {};

/** The Okabe–Ito palette: colours that stay distinct for colour-blind readers. */
const COLORS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  ink: '#1f2328',
};

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function $(id) {
  return document.getElementById(id);
}

/* ---------- talking to the server ---------- */

async function getJson(url) {
  return readAnswer(() => fetch(url));
}

async function postJson(url, body) {
  return readAnswer(() => fetch(url, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  }));
}

/** Sends the request and returns the JSON answer; throws an Error with the server's one-line message. */
async function readAnswer(send) {
  let response;
  try {
    response = await send();
  } catch {
    throw new Error('cannot reach the playground server: is it still running?');
  }
  let answer;
  try {
    answer = await response.json();
  } catch {
    throw new Error(`the server answered ${response.status} ${response.statusText} without JSON`);
  }
  if (!response.ok || answer.error) {
    throw new Error(answer.error || `the server answered ${response.status}`);
  }
  return answer;
}

/**
 * Returns a function that starts a request: it returns a check that stays true while no newer
 * request has started. A slow answer must not overwrite the answer to newer settings.
 */
function requestCounter() {
  let latest = 0;
  return () => {
    const id = ++latest;
    return () => id === latest;
  };
}

/* ---------- reading and showing values ---------- */

/** The number in an <input type="number">, or an Error naming the field. */
function numberInput(id, what) {
  const value = $(id).valueAsNumber;
  if (!Number.isFinite(value)) throw new Error(`${what} must be a number`);
  return value;
}

/** Shows a message in #PREFIX-error, or hides the box when message is null. */
function setError(prefix, message) {
  const box = $(`${prefix}-error`);
  box.textContent = message ?? '';
  box.hidden = message == null;
}

/** A number for people: `digits` significant digits, no trailing zeros, 1.5e12 or 2e-7 when far from 1; null means not finite. */
function fmt(value, digits = 6) {
  if (value == null) return 'not finite';
  const rounded = Number(value.toPrecision(digits));
  const size = Math.abs(rounded);
  return size >= 1e9 || (size > 0 && size < 1e-4) ? rounded.toExponential().replace('e+', 'e') : String(rounded);
}

/** Puts the answer's Java and command line under the panel. */
function showCode(prefix, answer) {
  $(`${prefix}-java`).textContent = answer.java ?? '';
  $(`${prefix}-cli`).textContent = answer.cli ?? '';
}

/**
 * A <table> with a header row. rows: arrays of cell texts. data(i): the data-* attributes of
 * row i, e.g. {optimizer: 'sgd'} gives data-optimizer="sgd".
 */
function buildTable(headers, rows, data = () => ({})) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const text of headers) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  rows.forEach((cells, i) => {
    const tr = body.insertRow();
    Object.assign(tr.dataset, data(i));
    for (const text of cells) tr.insertCell().textContent = text;
  });
  return table;
}

/* ---------- charts (uPlot) ---------- */

/** The x axis of a chart per epoch: whole epochs only. */
const EPOCH_AXIS = {label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]};

/**
 * Ticks for a log-scale axis: 1, 2 and 5 times powers of ten over a few decades, every few powers
 * of ten over many (a diverging loss spans a dozen decades, too many for uPlot's own ticks).
 */
function logTicks(u, axis, min, max) {
  const [low, high] = [Math.floor(Math.log10(min)), Math.ceil(Math.log10(max))];
  const multiples = high - low <= 3 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((high - low) / 8));
  const ticks = [];
  for (let e = low; e <= high; e += every) {
    for (const m of multiples) if (m * 10 ** e >= min && m * 10 ** e <= max) ticks.push(m * 10 ** e);
  }
  return ticks;
}

/* ---------- drawing ---------- */

/**
 * Sizes the canvas's pixels to its CSS size times devicePixelRatio (sharp on high-density
 * screens) and returns a context that draws in CSS pixels.
 */
function prepareCanvas(canvas) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  return {ctx, width, height};
}

/** Calls redraw whenever the element's width changes (window resized, tab shown). */
function onWidthChange(element, redraw) {
  let width = element.clientWidth;
  new ResizeObserver(() => {
    if (element.clientWidth !== width && element.clientWidth > 0) {
      width = element.clientWidth;
      redraw();
    }
  }).observe(element);
}

/** A linear map from [d0, d1] to [r0, r1], with .invert for the way back (mouse to data). */
function scale(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0);
  const map = (v) => r0 + (v - d0) * k;
  map.invert = (p) => d0 + (p - r0) / k;
  map.domain = [d0, d1];
  return map;
}

/** [min, max] of the finite values, widened by `pad` of the span (and never empty). */
function paddedExtent(values, pad) {
  let [lo, hi] = d3.extent(values.filter(Number.isFinite));
  if (lo === undefined) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const margin = (hi - lo) * pad;
  return [lo - margin, hi + margin];
}

/**
 * The grids from the server hold values at evenly spaced points from min to max inclusive;
 * a picture of n cells around them reaches half a cell beyond. Returns [from, to].
 */
function cellExtent(min, max, n) {
  const half = (max - min) / (n - 1) / 2;
  return [min - half, max + half];
}

/** Light grid lines, tick labels and the frame of a plot area {left, top, right, bottom}. */
function drawAxes(ctx, frame, x, y, xLabel, yLabel) {
  ctx.save();
  ctx.strokeStyle = '#e3e6ea';
  ctx.fillStyle = '#57606a';
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of d3.ticks(...x.domain, 8)) {
    const px = Math.round(x(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, frame.top);
    ctx.lineTo(px, frame.bottom);
    ctx.stroke();
    ctx.fillText(String(t), px, frame.bottom + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of d3.ticks(...y.domain, 6)) {
    const py = Math.round(y(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(frame.left, py);
    ctx.lineTo(frame.right, py);
    ctx.stroke();
    ctx.fillText(String(t), frame.left - 6, py);
  }
  ctx.strokeStyle = '#8c959f';
  ctx.strokeRect(frame.left + 0.5, frame.top + 0.5, frame.right - frame.left, frame.bottom - frame.top);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xLabel, frame.right, frame.bottom - 4);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(yLabel, frame.left + 6, frame.top + 4);
  ctx.restore();
}

/** Limits further drawing to the plot area. Pair with ctx.restore(). */
function clipTo(ctx, frame) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  ctx.clip();
}

/** A filled dot with a white rim, so it stands out on any background. */
function drawDot(ctx, px, py, radius, color) {
  ctx.beginPath();
  ctx.arc(px, py, radius, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
}

/** An open ring: the start point in the plots. */
function drawRing(ctx, px, py, radius, color) {
  ctx.beginPath();
  ctx.arc(px, py, radius, 0, 2 * Math.PI);
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  ctx.lineWidth = 2;
  ctx.strokeStyle = color;
  ctx.stroke();
}

/* ---------- tabs ---------- */

const TABS = ['one', 'two', 'boston', 'network'];

/** The prefix of each tab's element ids (#net-error for the network tab). */
const PREFIX = {one: 'one', two: 'two', boston: 'boston', network: 'net'};

function tabFromHash() {
  const name = location.hash.slice(1);
  return TABS.includes(name) ? name : 'one';
}

function showTab(name) {
  for (const tab of TABS) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`panel-${tab}`).hidden = !selected;
  }
  PANELS[name].show();
}

/** Two-variable presets by expression: each comes with a start, learning rate, epochs and view that suit it. */
const PRESETS_2D = new Map();

/** Fills the expression presets and the epoch limits from /api/info. */
function applyInfo(info) {
  const fill = (id, presets) => $(id).replaceChildren(...presets.map((p) => new Option(p)));
  fill('one-presets', info.presets1d ?? []);
  for (const preset of info.presets2d ?? []) PRESETS_2D.set(preset.expr, preset);
  fill('two-presets', [...PRESETS_2D.keys()]);
  const limits = info.limits ?? {};
  const max = {'one-epochs': limits.epochs1d, 'two-epochs': limits.epochs2d,
    'boston-epochs': limits.epochsBoston, 'net-epochs': limits.epochsNetwork};
  for (const [id, limit] of Object.entries(max)) if (limit) $(id).max = limit;
}

document.addEventListener('DOMContentLoaded', () => {
  for (const tab of TABS) {
    // The hash is the state: a tutorial can link to #boston, and Back returns to the last tab.
    $(`tab-${tab}`).addEventListener('click', () => { location.hash = tab; });
  }
  window.addEventListener('hashchange', () => showTab(tabFromHash()));
  showTab(tabFromHash());
  getJson('/api/info').then(applyInfo,
    (error) => setError(PREFIX[tabFromHash()], `could not load the presets: ${error.message}`));
});
