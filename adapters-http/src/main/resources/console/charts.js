// The overview's charts: each <figure class="chart"> carries its points in data attributes (data-x: bucket starts
// in epoch seconds, data-y: the values, data-label, data-bucket "hour" or "day"), which the server rendered; this
// draws them with uPlot. No inline script, no style attribute: uPlot sets styles through the CSSOM, which the
// console's Content-Security-Policy allows. The table beside every chart holds the same numbers for screen readers
// and for anyone without JavaScript.
(function () {
  'use strict';

  const HEIGHT = 170;
  const charts = [];

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
        { values: label(figure.dataset.bucket), space: 48 },
        { size: 56 },
      ],
      series: [
        {},
        {
          label: figure.dataset.label,
          stroke: colour,
          fill: colour + '33',
          width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 40] }),
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
