// PNG and SVG export of a chart with its title, the filters in force, the source,
// the release, the licence and (where cells are suppressed) what [c] means, drawn on
// the image itself. The on-screen chart is not changed: a copy of the figure is drawn.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.chart-export") : null;
  if (!button) { return; }
  var graph = document.getElementById(button.dataset.graph);
  var gd = graph && graph.querySelector(".js-plotly-plot");
  if (!gd || !window.Plotly) {
    // Still the chart's picture (assets/chart-facade.js): draw the chart, then save it.
    if (window.vruCharts) { window.vruCharts.whenDrawn(button.dataset.graph, function () { button.click(); }); }
    return;
  }
  var format = button.dataset.format;
  var width = Math.max(gd.offsetWidth, 900);
  var height = gd.offsetHeight + 130;
  var notes = (button.dataset.notes || "").split("\n").filter(Boolean);
  var margin = gd.layout.margin || {};
  var bottom = margin.b || 50, left = margin.l || 60;
  var layout = Object.assign({}, gd.layout, {
    title: {text: button.dataset.title, x: 0.01, xref: "container", xanchor: "left", font: {size: 16}},
    margin: Object.assign({}, margin, {t: 60, b: bottom + 18 * notes.length + 30}),
    // Notes start below the x axis and its title, at the image's left edge.
    annotations: (gd.layout.annotations || []).concat(notes.map(function (text, i) {
      return {text: text, xref: "paper", yref: "paper", x: 0, xanchor: "left", xshift: 10 - left, y: 0, yanchor: "top",
              yshift: -(bottom + 18 + 18 * i), showarrow: false, font: {size: 11, color: "#333"}};
    })),
    width: width, height: height,
  });
  window.Plotly.toImage({data: gd.data, layout: layout}, {format: format, width: width, height: height}).then(function (url) {
    var link = document.createElement("a");
    link.href = url;
    link.download = button.dataset.filename + "." + format;
    document.body.appendChild(link);
    link.click();
    link.remove();
    recordExport(button.dataset.graph, format);
  });
});

// Internal mode records every image export in its audit trail: the page's sign-out form
// carries the CSRF token that the endpoint checks. Public pages have no token and send nothing.
function recordExport(graph, format) {
  var token = document.querySelector('form[action="/signout"] input[name="csrf_token"]');
  if (!token || !token.value || !navigator.sendBeacon) { return; }
  var body = new FormData();
  body.append("csrf_token", token.value);
  body.append("graph", graph);
  body.append("format", format);
  body.append("page", window.location.pathname + window.location.search);
  navigator.sendBeacon("/internal/audit/image-export", body);
}
