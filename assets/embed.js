// Draws the chart of an embed page (/embed/...) from the figure in its JSON script tag.
// Dash also loads this file on its own pages, where there is no such tag.
(function () {
  var data = document.getElementById("embed-figure");
  var target = document.getElementById("embed-chart");
  if (!data || !target || !window.Plotly) { return; }
  var figure = JSON.parse(data.textContent);
  window.Plotly.newPlot(target, figure.data, figure.layout, {displaylogo: false, responsive: true});
})();
