// Draws the chart of an embed page (/embed/...) from the figure in its JSON script tag.
// Dash also loads this file on its own pages, where there is no such tag.
(function () {
  var data = document.getElementById("embed-figure");
  var target = document.getElementById("embed-chart");
  if (!data || !target || !window.Plotly) { return; }
  var figure = JSON.parse(data.textContent);
  // The borough map needs no world topojson (assets/plotly-geo.js): an empty one, so nothing is fetched.
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
  window.PlotlyGeoAssets.topojson.world_110m = {type: "Topology", objects: {}, arcs: []};
  window.Plotly.newPlot(target, figure.data, figure.layout, {displaylogo: false, responsive: true, topojsonURL: "/assets/topojson/"});
})();

// Tells the page that frames this embed how tall it is, whenever that changes (the chart drawn, the
// table opened, the window resized), so the host can size the iframe to fit (assets/embed-resize.js
// does it in one line; see README, "For journalists"). The message, sent with postMessage:
//   {type: "vru-embed:height", version: 1, embed: "<page>/<chart>", height: <CSS pixels, integer>}
// It carries no figures, so it may go to any parent ("*").
(function () {
  var chart = document.getElementById("embed-chart");
  if (!chart || window.parent === window) { return; }
  var main = document.getElementById("main") || document.body;
  var last = 0;
  function send() {
    // The content's bottom edge, not <main>'s or the body's height: they stretch to the frame
    // (min-height: 100vh), and a frame sized to them would grow for ever.
    var end = main.lastElementChild || main;
    var height = Math.ceil(end.getBoundingClientRect().bottom + window.scrollY +
                           parseFloat(window.getComputedStyle(end).marginBottom || "0") +
                           parseFloat(window.getComputedStyle(document.body).paddingBottom || "0"));
    if (height > 0 && height !== last) {
      last = height;
      window.parent.postMessage({type: "vru-embed:height", version: 1, embed: chart.getAttribute("data-embed"), height: height}, "*");
    }
  }
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(send);
    for (var i = 0; i < main.children.length; i++) { observer.observe(main.children[i]); }
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  send();
})();
