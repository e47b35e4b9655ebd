'use strict';
/*
 * Panel 4: a small network learns to classify 2-D points, live.
 *
 * The server streams the training as Server-Sent Events (GET /api/network): first the points,
 * then one event per epoch (with the decision grid on some of them), then done or failure.
 * Events can come faster than the screen refreshes, so the plot and the chart are redrawn at most
 * once per animation frame; the numbers under them are updated on every event.
 */
(() => {
  const canvas = $('net-plot');
  const chartBox = $('net-chart');
  const CLASS_COLORS = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.purple, COLORS.sky, COLORS.vermillion];
  const CLASS_RGB = CLASS_COLORS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const CHART_HEIGHT = 260;
  // One id per browser tab: a new training from this tab makes the server stop the old one.
  const TAB_ID = crypto.randomUUID?.() ?? Math.random().toString(36).slice(2);

  const state = {
    source: null,            // the EventSource of the training in progress
    points: null,            // the 'points' event: the data set, its classes and its view
    grid: null,              // the latest decision grid
    history: [[], [], []],   // epochs, losses and accuracies, as uPlot wants them
    chart: null,
    frame: 0,                // id of the pending animation frame
  };

  function trainingQuery() {
    return new URLSearchParams({
      tab: TAB_ID,
      dataset: $('net-dataset').value,
      hidden: $('net-hidden').value.trim(),
      activation: $('net-activation').value,
      optimizer: $('net-optimizer').value,
      lr: String(numberInput('net-lr', 'learning rate')),
      epochs: String(numberInput('net-epochs', 'epochs')),
      seed: '0',
    });
  }

  function train() {
    let query;
    try {
      query = trainingQuery();
    } catch (error) {
      setError('net', error.message);
      return;
    }
    state.source?.close();
    Object.assign(state, {points: null, grid: null, history: [[], [], []]});
    setError('net', null);
    showStatus('training…');
    showNumbers(null);
    $('net-stop').disabled = false;

    const source = new EventSource(`/api/network?${query}`);
    state.source = source;
    // Events of a stream that was replaced or closed are ignored.
    const on = (name, handle) => source.addEventListener(name, (event) => {
      if (state.source === source) handle(JSON.parse(event.data));
    });
    on('points', onPoints);
    on('epoch', onEpoch);
    on('done', (data) => {
      onEpoch(data);
      finish('done');
    });
    on('failure', (data) => {
      setError('net', data.error);
      finish(data.error, true);
    });
    // The browser's own 'error' event: the connection broke without done or failure. Left open,
    // EventSource would reconnect and start the training again, so close it.
    source.addEventListener('error', () => {
      if (state.source !== source) return;
      const message = 'lost the connection to the server';
      setError('net', message);
      finish(message, true);
    });
  }

  /** Ends the training on this side (closing the stream also stops it on the server). */
  function finish(status, failed = false) {
    state.source?.close();
    state.source = null;
    showStatus(status, failed);
    $('net-stop').disabled = true;
  }

  function onPoints(data) {
    state.points = data;
    showCode('net', data);
    redrawSoon();
  }

  function onEpoch(data) {
    const [epochs, losses, accuracies] = state.history;
    epochs.push(data.epoch);
    losses.push(data.loss);
    accuracies.push(data.accuracy);
    if (data.grid) state.grid = data.grid;
    showNumbers(data);
    redrawSoon();
  }

  /* ---------- numbers and status ---------- */

  const percent = (v) => `${(v * 100).toFixed(1)}%`;

  /** The epoch, loss and accuracy of an epoch event, or blanks before the first one. */
  function showNumbers(data) {
    $('net-epoch').textContent = data ? `epoch ${data.epoch} / ${data.epochs}` : '';
    $('net-loss-value').textContent = data ? fmt(data.loss, 4) : '';
    const accuracy = $('net-accuracy');
    accuracy.textContent = data?.accuracy == null ? '' : percent(data.accuracy);
    accuracy.dataset.value = data?.accuracy == null ? '' : String(data.accuracy);
  }

  function showStatus(text, failed = false) {
    const status = $('net-status');
    status.textContent = text;
    status.classList.toggle('failed', failed);
  }

  /* ---------- drawing ---------- */

  function redrawSoon() {
    if (state.frame) return;
    state.frame = requestAnimationFrame(() => {
      state.frame = 0;
      draw();
      updateChart();
    });
  }

  function draw() {
    const {ctx, width, height} = prepareCanvas(canvas);
    const frame = {left: 0.5, top: 0.5, right: width - 0.5, bottom: height - 0.5};
    ctx.strokeStyle = '#8c959f';
    ctx.strokeRect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
    if (!state.points) return;
    const {view} = state.points;
    const x = scale(view.xmin, view.xmax, frame.left, frame.right);
    const y = scale(view.ymin, view.ymax, frame.bottom, frame.top);
    clipTo(ctx, frame);
    if (state.grid) drawRegions(ctx, state.grid, view, x, y);
    drawPoints(ctx, x, y);
    ctx.restore();
  }

  /**
   * The predicted class everywhere: one pixel per grid cell, in the class's colour, paler where the
   * network is less sure, then scaled up (smoothing blends the cells).
   */
  function drawRegions(ctx, grid, view, x, y) {
    const n = grid.n;
    const image = new ImageData(n, n);
    const guess = 1 / state.points.classes;   // the confidence of a blind guess
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const i = row * n + col;
        const rgb = CLASS_RGB[grid.classes[i] % CLASS_RGB.length];
        const sure = Math.min(Math.max((grid.confidence[i] - guess) / (1 - guess), 0), 1);
        const tint = 0.08 + 0.4 * sure;           // how much class colour, the rest is white
        const j = ((n - 1 - row) * n + col) * 4;  // row 0 is at ymin: the bottom of the picture
        rgb.forEach((c, k) => { image.data[j + k] = 255 + (c - 255) * tint; });
        image.data[j + 3] = 255;
      }
    }
    const tile = document.createElement('canvas');
    tile.width = tile.height = n;
    tile.getContext('2d').putImageData(image, 0, 0);
    const [x0, x1] = cellExtent(view.xmin, view.xmax, n);
    const [y0, y1] = cellExtent(view.ymin, view.ymax, n);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, x(x0), y(y1), x(x1) - x(x0), y(y0) - y(y1));
  }

  function drawPoints(ctx, x, y) {
    const {x: points, y: labels} = state.points;
    ctx.lineWidth = 1;
    ctx.strokeStyle = COLORS.ink;
    points.forEach(([a, b], i) => {
      ctx.beginPath();
      ctx.arc(x(a), y(b), 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = CLASS_COLORS[labels[i] % CLASS_COLORS.length];
      ctx.fill();
      ctx.stroke();
    });
  }

  function updateChart() {
    state.chart ??= makeChart();
    state.chart.setData(state.history);
  }

  function makeChart() {
    const legendValue = (format) => (u, v) => (v == null ? '–' : format(v));
    return new uPlot({
      width: chartBox.clientWidth,
      height: CHART_HEIGHT,
      scales: {
        x: {time: false},
        loss: {range: (u, min, max) => [0, max > 0 ? max : 1]},
        accuracy: {range: [0, 1]},
      },
      axes: [
        EPOCH_AXIS,
        {scale: 'loss', label: 'loss (cross-entropy)'},
        {scale: 'accuracy', side: 1, label: 'accuracy', grid: {show: false},
          values: (u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`)},
      ],
      series: [
        {label: 'epoch'},
        {label: 'loss', scale: 'loss', stroke: COLORS.vermillion, width: 2, value: legendValue((v) => fmt(v, 4))},
        {label: 'accuracy', scale: 'accuracy', stroke: COLORS.blue, width: 2, value: legendValue(percent)},
      ],
    }, state.history, chartBox);
  }

  $('net-form').addEventListener('submit', (event) => {
    event.preventDefault();
    train();
  });
  $('net-stop').addEventListener('click', () => finish('stopped'));
  onWidthChange(canvas, draw);
  onWidthChange(chartBox, () => state.chart?.setSize({width: chartBox.clientWidth, height: CHART_HEIGHT}));

  PANELS.network = {show: draw};
})();
