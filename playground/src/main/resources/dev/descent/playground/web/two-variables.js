'use strict';
/*
 * Panel 2: two variables, several optimizers side by side over the contours of f.
 */
(() => {
  const canvas = $('two-plot');
  const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'];
  const NAMES = {sgd: 'SGD', momentum: 'momentum', adam: 'Adam', rmsprop: 'RMSprop'};
  const PATH_COLORS = {sgd: COLORS.vermillion, momentum: COLORS.blue, adam: COLORS.green, rmsprop: COLORS.purple};
  const GRID = 80;          // values per side of the contour grid
  const LEVELS = 24;        // contour bands

  const state = {
    answer: null,
    range: {xmin: -5, xmax: 5, ymin: -3, ymax: 3},   // the view; widened when the start leaves it
    view: null,             // {x, y, frame} of the last drawing
  };
  const newRequest = requestCounter();

  function settings() {
    const optimizers = OPTIMIZERS.filter((name) => $(`two-opt-${name}`).checked);
    if (optimizers.length === 0) throw new Error('choose at least one optimizer');
    return {
      expr: $('two-expr').value.trim(),
      start: [numberInput('two-start-x', 'start x'), numberInput('two-start-y', 'start y')],
      lr: numberInput('two-lr', 'learning rate'),
      epochs: numberInput('two-epochs', 'epochs'),
      optimizers,
    };
  }

  /** Keeps the view while the start is well inside it; otherwise widens it around 0 to take the start in. */
  function viewFor([sx, sy]) {
    const {xmin, xmax, ymin, ymax} = state.range;
    const wellInside = (v, lo, hi) => v > lo + 0.05 * (hi - lo) && v < hi - 0.05 * (hi - lo);
    if (wellInside(sx, xmin, xmax) && wellInside(sy, ymin, ymax)) return state.range;
    const halfX = Math.max(xmax, -xmin, 1.5 * Math.abs(sx));
    const halfY = Math.max(ymax, -ymin, 1.5 * Math.abs(sy));
    return {xmin: -halfX, xmax: halfX, ymin: -halfY, ymax: halfY};
  }

  async function run() {
    const isLatest = newRequest();
    try {
      const body = settings();
      state.range = viewFor(body.start);
      const answer = await postJson('/api/two-variables', {...body, ...state.range, grid: GRID});
      if (!isLatest()) return;
      state.answer = answer;
      setError('two', null);
      showResults(answer);
      showLegend(answer);
      showCode('two', answer);
      draw();
    } catch (error) {
      if (isLatest()) setError('two', error.message);
    }
  }

  /* ---------- results ---------- */

  function showResults(answer) {
    const rows = answer.paths.map((p) => [NAMES[p.optimizer] ?? p.optimizer,
      fmt(p.final.x, 5), fmt(p.final.y, 5), fmt(p.final.value, 5), p.verdict]);
    const table = buildTable(['optimizer', 'final x', 'final y', 'f(x, y)', 'verdict'], rows,
      (i) => ({optimizer: answer.paths[i].optimizer}));
    $('two-results').replaceChildren(table);
  }

  function showLegend(answer) {
    const items = answer.paths.map((p) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = PATH_COLORS[p.optimizer] ?? COLORS.ink;
      item.append(swatch, NAMES[p.optimizer] ?? p.optimizer);
      return item;
    });
    const start = document.createElement('li');
    const ring = document.createElement('span');
    ring.className = 'swatch ring';
    start.append(ring, 'start');
    $('two-legend').replaceChildren(...items, start);
  }

  /* ---------- the plot ---------- */

  function draw() {
    const {ctx, width, height} = prepareCanvas(canvas);
    if (!state.answer) return;
    const {grid} = state.answer;
    const frame = {left: 46, top: 10, right: width - 12, bottom: height - 26};
    const x = scale(grid.xmin, grid.xmax, frame.left, frame.right);
    const y = scale(grid.ymin, grid.ymax, frame.bottom, frame.top);
    state.view = {x, y, frame};
    drawAxes(ctx, frame, x, y, 'x', 'y');   // first: the contours cover its grid lines
    clipTo(ctx, frame);
    drawContours(ctx, grid, x, y);
    for (const path of state.answer.paths) drawPath(ctx, path, x, y);
    const [sx, sy] = state.answer.paths[0]?.points[0] ?? [];
    if (sx != null) drawRing(ctx, x(sx), y(sy), 7, COLORS.ink);
    ctx.restore();
  }

  /**
   * Thresholds spaced evenly on a log scale above the minimum: a function like Rosenbrock spans
   * many orders of magnitude, and even spacing would put its whole valley in the lowest band.
   */
  function logThresholds(min, max) {
    const span = max - min;
    if (!(span > 0)) return [min];
    const smallest = span / 1e4;   // the first band above the minimum; each next one grows by a fixed factor
    return d3.range(LEVELS).map((i) => min + smallest * ((span / smallest + 1) ** (i / LEVELS) - 1));
  }

  /** Light at the bottom of the valley, darker uphill: grey-blue, so the coloured paths stand out. */
  function bandColor(level) {
    return `hsl(205, 30%, ${97 - 42 * level}%)`;
  }

  function drawContours(ctx, grid, x, y) {
    const finite = grid.values.filter(Number.isFinite);
    const max = d3.max(finite);
    const values = grid.values.map((v) => v ?? max);   // overflowed values: as high as the highest
    const thresholds = logThresholds(d3.min(finite), max);
    const bands = d3.contours().size([grid.nx, grid.ny]).thresholds(thresholds)(values);
    // d3 puts grid value i at i + 0.5; the server's values are evenly spaced from min to max.
    const [x0, x1] = cellExtent(grid.xmin, grid.xmax, grid.nx);
    const [y0, y1] = cellExtent(grid.ymin, grid.ymax, grid.ny);
    const px = scale(0, grid.nx, x(x0), x(x1));
    const py = scale(0, grid.ny, y(y0), y(y1));
    bands.forEach((band, i) => {
      ctx.beginPath();
      for (const polygon of band.coordinates) {
        for (const ring of polygon) {
          ring.forEach(([gx, gy], j) => (j ? ctx.lineTo(px(gx), py(gy)) : ctx.moveTo(px(gx), py(gy))));
          ctx.closePath();
        }
      }
      ctx.fillStyle = bandColor(i / LEVELS);
      ctx.fill('evenodd');   // holes are rings inside rings
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = 'rgba(31, 35, 40, 0.18)';
      ctx.stroke();
    });
  }

  function drawPath(ctx, path, x, y) {
    const color = PATH_COLORS[path.optimizer] ?? COLORS.ink;
    const points = path.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
    ctx.beginPath();
    points.forEach(([px, py], i) => (i ? ctx.lineTo(x(px), y(py)) : ctx.moveTo(x(px), y(py))));
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.7)';   // a halo keeps the path visible on every band
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = color;
    ctx.stroke();
    const end = points[points.length - 1];
    if (end) drawDot(ctx, x(end[0]), y(end[1]), 5, color);
  }

  /* ---------- clicking sets the start ---------- */

  function onClick(event) {
    if (!state.view) return;
    const {x, y} = state.view;
    const box = canvas.getBoundingClientRect();
    const round = (v) => String(Math.round(v * 100) / 100);
    $('two-start-x').value = round(x.invert(event.clientX - box.left));
    $('two-start-y').value = round(y.invert(event.clientY - box.top));
    run();
  }

  /** Picking a preset also takes the settings that show it well (Rosenbrock needs a small rate, Himmelblau a wide view). */
  function applyPreset() {
    const preset = PRESETS_2D.get($('two-expr').value.trim());
    if (!preset) return;
    $('two-start-x').value = preset.start[0];
    $('two-start-y').value = preset.start[1];
    $('two-lr').value = preset.lr;
    $('two-epochs').value = preset.epochs;
    state.range = {xmin: preset.xmin, xmax: preset.xmax, ymin: preset.ymin, ymax: preset.ymax};
    run();
  }

  $('two-expr').addEventListener('change', applyPreset);
  $('two-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  canvas.addEventListener('click', onClick);
  onWidthChange(canvas, draw);

  let loaded = false;
  PANELS.two = {
    show() {
      if (!loaded) run();
      loaded = true;
      draw();
    },
  };
})();
