'use strict';
/*
 * Panel 1: gradient descent on one variable, one step at a time.
 *
 * The server computes the whole run at once (POST /api/one-variable); the page then reveals it
 * step by step. state.shown counts the steps taken so far: the current point is the start when it
 * is 0, and steps[shown - 1].next after that.
 */
(() => {
  const canvas = $('one-plot');
  const inputs = ['one-expr', 'one-derivative', 'one-start', 'one-lr', 'one-epochs'].map($);
  const PLAY_INTERVAL_MS = 125;   // about 8 steps a second
  const TYPING_PAUSE_MS = 250;    // wait for a pause in typing or sliding before asking the server

  const state = {
    answer: null,        // the server's answer for the current settings
    start: 0,            // the start x and epochs that answer is for
    epochs: 0,
    shown: 0,            // steps taken on the page
    range: null,         // graph range {xmin, xmax} sent to the server; null picks one around the start
    loadedKey: '',       // the inputs' values of the last request: unchanged inputs don't reload
    view: null,          // {x, y, frame} of the last drawing: maps data to canvas pixels and back
    dragX: null,         // the x under the mouse while the start point is being dragged
    player: 0,           // interval id while playing
    debounce: 0,         // timeout id of a pending reload
    loading: Promise.resolve(),
  };
  const newRequest = requestCounter();

  /* ---------- settings and loading ---------- */

  /**
   * The slider holds log10 of the learning rate (1e-4 to 2), so small rates get as much room as large
   * ones; the rate is rounded to three significant digits, so that the page, the Java and the command
   * all say 0.5 where the label shows 0.5.
   */
  function learningRate() {
    return Number((10 ** Number($('one-lr').value)).toPrecision(3));
  }

  function settings() {
    const body = {
      expr: $('one-expr').value.trim(),
      start: numberInput('one-start', 'start x'),
      lr: learningRate(),
      epochs: numberInput('one-epochs', 'epochs'),
    };
    const derivative = $('one-derivative').value.trim();
    if (derivative) body.derivative = derivative;
    return body;
  }

  /** The graph range the page picks: symmetric about 0 and wide enough to show the start well. */
  function rangeAround(start) {
    const half = Math.max(4, 1.5 * Math.abs(start));
    return {xmin: -half, xmax: half};
  }

  function inside(x, range) {
    return x >= range.xmin && x <= range.xmax;
  }

  /** True when every finite point the run visits lies on the graph the server sent. */
  function graphShowsRun(answer) {
    const xs = answer.graph.xs;
    const range = {xmin: xs[0], xmax: xs[xs.length - 1]};
    return answer.steps.every((s) => [s.x, s.next].every((x) => !Number.isFinite(x) || inside(x, range)));
  }

  function sameRange(a, b) {
    return a.xmin === b.xmin && a.xmax === b.xmax;
  }

  /** Asks the server for the run with the current settings, and goes back to step 0. */
  async function load() {
    stopPlaying();
    const isLatest = newRequest();
    state.loadedKey = inputsKey();
    try {
      const body = settings();
      if (!state.range || !inside(body.start, state.range)) state.range = rangeAround(body.start);
      let answer = await postJson('/api/one-variable', {...body, ...state.range});
      if (!isLatest()) return;
      const around = rangeAround(body.start);
      if (!graphShowsRun(answer) && !sameRange(around, state.range)) {
        state.range = around;
        answer = await postJson('/api/one-variable', {...body, ...state.range});
        if (!isLatest()) return;
      }
      Object.assign(state, {answer, start: body.start, epochs: body.epochs, shown: 0});
      setError('one', null);
      showCompare(answer);
      showCode('one', answer);
      render();
    } catch (error) {
      if (isLatest()) setError('one', error.message);
    }
  }

  function inputsKey() {
    return inputs.map((input) => input.value).join('\n');
  }

  /** Reloads after a pause in typing, unless the inputs are back to what was loaded. */
  function scheduleLoad() {
    cancelScheduledLoad();
    state.debounce = setTimeout(() => {
      state.debounce = 0;
      if (inputsKey() !== state.loadedKey) loadNow();
    }, TYPING_PAUSE_MS);
  }

  function cancelScheduledLoad() {
    clearTimeout(state.debounce);
    state.debounce = 0;
  }

  function loadNow() {
    cancelScheduledLoad();
    state.loading = load();
  }

  /** Waits until the answer matches the inputs (Step right after typing must use the new settings). */
  async function ready() {
    if (inputsKey() !== state.loadedKey) loadNow();
    await state.loading;
  }

  /* ---------- stepping ---------- */

  function stepCount() {
    return state.answer ? state.answer.steps.length : 0;
  }

  /** Shows one more step; returns false at the end of the run. */
  function advance() {
    if (state.shown >= stepCount()) return false;
    state.shown++;
    render();
    return true;
  }

  async function step() {
    await ready();
    advance();
  }

  async function togglePlay() {
    if (state.player) {
      stopPlaying();
      return;
    }
    await ready();
    if (!state.answer) return;
    if (state.shown >= stepCount()) {   // at the end, Play starts over
      state.shown = 0;
      render();
    }
    state.player = setInterval(() => {
      if (!advance()) stopPlaying();
    }, PLAY_INTERVAL_MS);
    showPlayButton();
  }

  function stopPlaying() {
    clearInterval(state.player);
    state.player = 0;
    showPlayButton();
  }

  function showPlayButton() {
    const button = $('one-play');
    button.textContent = state.player ? 'Pause' : 'Play';
    button.setAttribute('aria-pressed', String(Boolean(state.player)));
  }

  /** The point the page is at: {x, fx, step}; step is the one Step would take next (null at the end). */
  function currentPoint() {
    const {steps, compare = []} = state.answer;
    const k = state.shown;
    if (k < steps.length) return {x: steps[k].x, fx: steps[k].fx, step: steps[k]};
    if (k === 0) return {x: state.start, fx: undefined, step: null};
    const x = steps[k - 1].next;
    // f at the end of the run is not among the steps; the run itself is one of the compared ones.
    const row = compare.find((r) => r.x === x);
    return {x, fx: row ? row.value : undefined, step: null};
  }

  /* ---------- showing the state ---------- */

  function render() {
    if (!state.answer) return;
    const here = currentPoint();
    $('one-epoch').textContent = String(state.shown);
    $('one-x').textContent = here.x == null ? 'not finite' : String(here.x);
    $('one-fx').textContent = here.fx === undefined ? '—' : here.fx === null ? 'not finite' : String(here.fx);
    $('one-step').disabled = state.shown >= stepCount();
    showExplanation(here);
    showVerdict();
    draw();
  }

  function showExplanation(here) {
    const box = $('one-explain');
    if (here.step) {
      const s = here.step;
      box.replaceChildren(
        line(`Next, step ${s.epoch}: ${s.note.replace(/\.$/, '')}.`),
        line(`x = ${fmt(s.x, 10)}, f'(x) = ${fmt(s.derivative, 10)}, step = lr·f'(x) = ${fmt(s.step, 10)}, ` +
          `new x = ${fmt(s.next, 10)}`));
    } else {
      const stopped = stepCount() < state.epochs ? ' (the run stopped early)' : '';
      const steps = state.shown === 1 ? 'step' : 'steps';
      box.replaceChildren(line(`Done: ${state.shown} ${steps}${stopped}. Reset or Play to start again.`));
    }
  }

  function line(text) {
    const p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  function showVerdict() {
    const verdict = state.answer.verdict;
    const box = $('one-verdict');
    const visible = Boolean(verdict) && state.shown >= verdict.epoch;
    box.hidden = !visible;
    box.textContent = visible ? verdict.message : '';
    box.classList.toggle('diverged', visible && ['diverged', 'oscillating'].includes(verdict.kind));
  }

  const SOURCES = {manual: 'hand-written', autograd: 'autograd', numeric: 'numeric'};

  function showCompare(answer) {
    const rows = answer.compare ?? [];
    const names = rows.map((r) => SOURCES[r.source] ?? r.source);
    const title = document.createElement('h4');
    title.textContent = names.join(' vs ');   // CSS capitalises the first letter
    const table = buildTable(['derivative', 'final x', 'f(final x)'],
      rows.map((r, i) => [names[i], fmt(r.x, 10), fmt(r.value, 10)]),
      (i) => ({source: rows[i].source}));
    const note = document.createElement('p');
    note.textContent = `largest difference: ${fmt(answer.maxDifference, 3)}` +
      (rows.some((r) => r.source === 'manual') ? '' : ' (write a derivative above to compare yours too)');
    $('one-compare').replaceChildren(title, table, note);
  }

  /* ---------- the plot ---------- */

  /** f at any x of the graph, by linear interpolation between its samples (for drawing only). */
  function graphValue(x) {
    const {xs, ys} = state.answer.graph;
    const i = Math.min(Math.max(d3.bisectRight(xs, x), 1), xs.length - 1);
    const [x0, x1, y0, y1] = [xs[i - 1], xs[i], ys[i - 1], ys[i]];
    if (y0 == null || y1 == null) return null;
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
  }

  function draw() {
    const {ctx, width, height} = prepareCanvas(canvas);
    if (!state.answer) return;
    const {graph} = state.answer;
    const frame = {left: 58, top: 12, right: width - 14, bottom: height - 28};
    const x = scale(graph.xs[0], graph.xs[graph.xs.length - 1], frame.left, frame.right);
    const y = scale(...yRange(graph), frame.bottom, frame.top);
    state.view = {x, y, frame};
    drawAxes(ctx, frame, x, y, 'x', 'f(x)');
    clipTo(ctx, frame);
    drawCurve(ctx, graph, x, y);
    const here = currentPoint();
    drawVisited(ctx, x, y, here);
    if (here.step) {
      drawTangent(ctx, x, y, here.step);
      drawStepArrow(ctx, x, y, here.step);
    }
    drawStart(ctx, x, y);
    ctx.restore();
  }

  /**
   * f from the graph's lowest value up to twice the start's height above it (at least a twentieth
   * of the whole graph's height): steep walls, like x^4 at the edges, would otherwise flatten the
   * valley the run explores.
   */
  function yRange(graph) {
    const [low, high] = paddedExtent(graph.ys, 0);
    const startF = state.answer.steps[0]?.fx;
    const top = startF == null ? high : Math.min(high, low + Math.max(2 * (startF - low), (high - low) / 20));
    const margin = (top - low) * 0.06;
    return [low - margin, top + margin];
  }

  function drawCurve(ctx, graph, x, y) {
    ctx.beginPath();
    let pen = false;   // lifted over non-finite values
    graph.xs.forEach((gx, i) => {
      const gy = graph.ys[i];
      if (gy == null) {
        pen = false;
        return;
      }
      if (pen) ctx.lineTo(x(gx), y(gy));
      else ctx.moveTo(x(gx), y(gy));
      pen = true;
    });
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.ink;
    ctx.stroke();
  }

  /** The points visited so far, joined by a faint line (it zig-zags when x overshoots), and the current one. */
  function drawVisited(ctx, x, y, here) {
    const points = state.answer.steps.slice(0, state.shown).map((s) => [s.x, s.fx]);
    const hereY = here.fx ?? graphValue(here.x);
    if (here.x != null && hereY != null) points.push([here.x, hereY]);
    ctx.beginPath();
    points.forEach(([px, py], i) => (i ? ctx.lineTo(x(px), y(py)) : ctx.moveTo(x(px), y(py))));
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'rgba(230, 159, 0, 0.6)';
    ctx.stroke();
    points.slice(0, -1).forEach(([px, py]) => drawDot(ctx, x(px), y(py), 3.5, COLORS.orange));
    const last = points[points.length - 1];
    if (last) drawDot(ctx, x(last[0]), y(last[1]), 6, COLORS.vermillion);
    if (here.x != null) markIfOutside(ctx, x, here.x);
  }

  /** When x has left the graph (a large learning rate), an arrow at the edge says where it went. */
  function markIfOutside(ctx, x, value) {
    const {frame} = state.view;
    const px = x(value);
    if (px >= frame.left && px <= frame.right) return;
    const right = px > frame.right;
    const edge = right ? frame.right - 4 : frame.left + 4;
    const tip = right ? 1 : -1;
    const py = frame.top + 44;   // below the axis label
    ctx.beginPath();
    ctx.moveTo(edge, py);
    ctx.lineTo(edge - tip * 12, py - 7);
    ctx.lineTo(edge - tip * 12, py + 7);
    ctx.closePath();
    ctx.fillStyle = COLORS.vermillion;
    ctx.fill();
    ctx.textAlign = right ? 'right' : 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(`x = ${fmt(value)}`, edge - tip * 16, py);
  }

  /** The tangent at the current point: a segment of about 150 pixels with slope f'(x). */
  function drawTangent(ctx, x, y, s) {
    const unitX = x(1) - x(0);
    const unitY = y(s.derivative) - y(0);   // pixels moved along the tangent per unit of x
    const half = 75 / Math.hypot(unitX, unitY);
    ctx.beginPath();
    ctx.moveTo(x(s.x - half), y(s.fx - s.derivative * half));
    ctx.lineTo(x(s.x + half), y(s.fx + s.derivative * half));
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.green;
    ctx.stroke();
  }

  /** The step from x to next, drawn level with the current point, then dashed down (or up) to the curve. */
  function drawStepArrow(ctx, x, y, s) {
    if (s.next == null) return;
    const [x0, x1, py] = [x(s.x), x(s.next), y(s.fx)];
    if (Math.abs(x1 - x0) < 3) return;   // too short to see
    const nextY = graphValue(s.next);
    if (nextY != null) {
      ctx.beginPath();
      ctx.setLineDash([4, 3]);
      ctx.moveTo(x1, py);
      ctx.lineTo(x1, y(nextY));
      ctx.lineWidth = 1;
      ctx.strokeStyle = COLORS.vermillion;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const head = Math.sign(x1 - x0) * Math.min(9, Math.abs(x1 - x0));
    ctx.beginPath();
    ctx.moveTo(x0, py);
    ctx.lineTo(x1, py);
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.vermillion;
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x1, py);
    ctx.lineTo(x1 - head, py - 5);
    ctx.lineTo(x1 - head, py + 5);
    ctx.closePath();
    ctx.fillStyle = COLORS.vermillion;
    ctx.fill();
  }

  /** The start point, or while dragging the place it would move to. */
  function drawStart(ctx, x, y) {
    const startX = state.dragX ?? state.start;
    const p = toPixel(startX);
    drawRing(ctx, p.left, p.top, 8, COLORS.blue);
    if (state.dragX != null) {
      ctx.fillStyle = COLORS.blue;
      ctx.textAlign = 'center';
      ctx.fillText(`start x = ${startX}`, p.left, p.top - 22);
    }
  }

  /** Where x is drawn on the curve, in CSS pixels from the canvas's top-left corner (null before the first plot). */
  function toPixel(x) {
    const {view} = state;
    if (!view) return null;
    const fx = graphValue(x);
    const top = fx == null ? (view.frame.top + view.frame.bottom) / 2 : view.y(fx);
    return {left: view.x(x), top};
  }

  /* ---------- the mouse: drag the start point, or click to put it somewhere ---------- */

  /** The x under the mouse, kept on the graph and rounded to 2 decimals. */
  function mouseX(event) {
    const {x, frame} = state.view;
    const left = event.clientX - canvas.getBoundingClientRect().left;
    const clamped = Math.min(Math.max(left, frame.left), frame.right);
    return Math.round(x.invert(clamped) * 100) / 100;
  }

  function onMouseDown(event) {
    if (!state.view || event.button !== 0) return;
    event.preventDefault();   // no text selection while dragging
    stopPlaying();
    state.dragX = mouseX(event);
    draw();
    // On the window, so that the drag goes on (and ends) when the mouse leaves the canvas.
    window.addEventListener('mousemove', onMouseMove);
    window.addEventListener('mouseup', onMouseUp, {once: true});
  }

  function onMouseMove(event) {
    state.dragX = mouseX(event);
    draw();
  }

  function onMouseUp(event) {
    window.removeEventListener('mousemove', onMouseMove);
    $('one-start').value = String(mouseX(event));
    state.dragX = null;
    loadNow();
  }

  /* ---------- wiring ---------- */

  function showLearningRate() {
    $('one-lr-value').textContent = fmt(learningRate(), 3);
  }

  // 'change' as well as 'input', for scripts that set a value and announce it either way.
  for (const type of ['input', 'change']) {
    for (const input of inputs) input.addEventListener(type, scheduleLoad);
    $('one-lr').addEventListener(type, showLearningRate);
  }
  $('one-expr').addEventListener('input', () => { state.range = null; });   // a new function, a new view
  $('one-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadNow();
  });
  $('one-step').addEventListener('click', step);
  $('one-play').addEventListener('click', togglePlay);
  $('one-reset').addEventListener('click', () => {
    state.range = null;
    loadNow();
  });
  canvas.addEventListener('mousedown', onMouseDown);
  onWidthChange(canvas, draw);
  showLearningRate();

  let loaded = false;
  PANELS.one = {
    show() {
      if (!loaded) loadNow();
      loaded = true;
      draw();
    },
  };

  window.playground.one = {
    toPixel,
    start: () => Number($('one-start').value),
  };
})();
