'use strict';
/*
 * Panel 3: linear regression on Boston housing by gradient descent, against the closed form.
 */
(() => {
  const chartBox = $('boston-chart');
  const state = {chart: null};
  const legendValue = (u, v) => (v == null ? '–' : fmt(v));   // v is null while the cursor is off the chart
  const newRequest = requestCounter();

  async function run() {
    const isLatest = newRequest();
    try {
      const body = {
        lr: numberInput('boston-lr', 'learning rate'),
        epochs: numberInput('boston-epochs', 'epochs'),
        standardize: $('boston-standardize').checked,
      };
      const answer = await postJson('/api/boston', body);
      if (!isLatest()) return;
      setError('boston', null);
      showMessage(answer);
      showChart(answer);
      showCode('boston', answer);
    } catch (error) {
      if (isLatest()) setError('boston', error.message);
    }
  }

  function showMessage(answer) {
    const box = $('boston-message');
    const lines = [answer.message];
    // The divergence message may already be part of the summary; say it once.
    if (answer.diverged && !answer.message.includes(answer.diverged.message)) lines.push(answer.diverged.message);
    box.replaceChildren(...lines.map((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    }));
    box.classList.toggle('diverged', Boolean(answer.diverged));
  }

  function showChart(answer) {
    const epochs = answer.loss.map((_, i) => i + 1);
    const optimum = answer.loss.map(() => answer.closedForm);
    state.chart?.destroy();
    state.chart = new uPlot({
      width: chartBox.clientWidth,
      height: 340,
      scales: {x: {time: false}, y: {distr: 3}},   // distr 3: a log scale
      axes: [EPOCH_AXIS, {label: 'training MSE (log scale)', size: 64, splits: logTicks,
        values: (u, ticks) => ticks.map((t) => (t == null ? '' : fmt(t, 3)))}],   // null: uPlot skips the label
      series: [
        {label: 'epoch'},
        {label: 'gradient descent', stroke: COLORS.blue, width: 2, value: legendValue},
        {label: 'closed form', stroke: COLORS.vermillion, width: 1.5, dash: [8, 5], value: legendValue},
      ],
    }, [epochs, answer.loss, optimum], chartBox);
  }

  $('boston-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  onWidthChange(chartBox, () => state.chart?.setSize({width: chartBox.clientWidth, height: 340}));

  let loaded = false;
  PANELS.boston = {
    show() {
      if (!loaded) run();
      loaded = true;
    },
  };
})();
