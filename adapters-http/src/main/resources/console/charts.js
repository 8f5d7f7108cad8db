// The overview's charts: each <figure class="chart"> carries its points in data attributes (data-x: bucket starts
// in epoch seconds, data-y: the values, data-label, data-bucket "hour" or "day"), which the server rendered; this
// draws them with uPlot. No inline script, no style attribute: uPlot sets styles through the CSSOM, which the
// console's Content-Security-Policy allows. The table beside every chart holds the same numbers for screen readers
// and for anyone without JavaScript.
(function () {
  'use strict';

  const HEIGHT = 170;
  const charts = [];

  // counts have no fractions: their axis steps are whole
  const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6,
    1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9];

  // at most about `count` labels on the time axis, each at a bucket's start (a whole hour or a UTC midnight)
  function everyNth(xs, count) {
    const step = Math.max(1, Math.ceil(xs.length / count));
    return xs.filter((x, i) => (xs.length - 1 - i) % step === 0);
  }

  function numbers(text) {
    return text === '' ? [] : text.split(',').map(Number);
  }

  function label(bucket) {
    return bucket === 'hour'
      ? (self, seconds) => seconds.map(s => new Date(s * 1000).toISOString().substring(11, 16))
      : (self, seconds) => seconds.map(s => new Date(s * 1000).toISOString().substring(5, 10));
  }

  function draw(figure) {
    const plot = figure.querySelector('.chart-plot');
    const xs = numbers(figure.dataset.x);
    const ys = numbers(figure.dataset.y);
    const colour = getComputedStyle(figure).getPropertyValue('--chart-colour').trim() || '#2457a6';
    const options = {
      width: Math.max(plot.clientWidth, 240),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (self, min, max) => [0, Math.max(max, 1) * 1.1] } },
      axes: [
        { values: label(figure.dataset.bucket), splits: () => everyNth(xs, 8) },
        figure.dataset.whole === 'true' ? { size: 56, incrs: WHOLE } : { size: 56 },
      ],
      series: [
        {},
        {
          label: figure.dataset.label,
          stroke: colour,
          fill: colour + '33',
          width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 40] }),
          points: { show: false },
        },
      ],
    };
    charts.push({ chart: new uPlot(options, [xs, ys], plot), plot: plot });
  }

  function drawAll() {
    document.querySelectorAll('figure.chart').forEach(draw);
  }

  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => charts.forEach(each =>
      each.chart.setSize({ width: Math.max(each.plot.clientWidth, 240), height: HEIGHT })), 150);
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
