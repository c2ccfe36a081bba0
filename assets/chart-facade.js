// A public chart page first shows each chart as a picture in a button (dashboard/charts/facade.py);
// the interactive chart, and with it plotly.js, comes when a reader reaches for the chart:
// pointing at it, touching it, or moving the keyboard focus to it (a click or Enter does it too,
// through the button's own n_clicks). Once drawn, the focus goes to the chart's box, so a
// keyboard user stays where they were.
(function () {
  var waiting = {};  // graph id -> callbacks to run once its interactive chart is drawn

  function facadeOf(target) {
    var button = target && target.closest ? target.closest("button.chart-facade") : null;
    // The first paint's copy of the page (assets/first-paint.js) holds pictures too; only Dash's own count.
    return button && button.closest("#react-entry-point") ? button : null;
  }

  var observing = false;
  function activate(button) {
    if (!button || button.dataset.activated || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    button.dataset.activated = "1";
    window.dash_clientside.set_props(JSON.parse(button.id), {n_clicks: 1});
    // Watched only from the first chart drawn: while Dash draws the page the document changes often,
    // and a watcher then would cost the main thread for nothing.
    watch();
  }
  function watch() {
    if (!observing) { observing = true; observer.observe(document.body, {childList: true, subtree: true}); }
  }

  function drawn(graphId) {
    var graph = document.getElementById(graphId);
    var gd = graph && graph.querySelector(".js-plotly-plot");
    return gd && gd._fullLayout && window.Plotly ? gd : null;
  }

  // Draws the chart `graphId` if it is still a picture; `then` runs once it is interactive.
  function whenDrawn(graphId, then) {
    if (drawn(graphId)) { then(); return; }
    (waiting[graphId] = waiting[graphId] || []).push(then);
    watch();
    activate(document.querySelector('#react-entry-point button.chart-facade[data-graph="' + graphId + '"]'));
  }

  var observer = new MutationObserver(function () {
    // Once plotly.js is here (the reader has drawn a chart), pictures that come with new contents (a filter
    // changed) are drawn as interactive charts at once: plotly.js costs nothing more, the picture a drawing on the server.
    if (window.Plotly) {
      document.querySelectorAll("#react-entry-point button.chart-facade:not([data-activated])").forEach(activate);
    }
    Object.keys(waiting).forEach(function (graphId) {
      if (!drawn(graphId)) { return; }
      var callbacks = waiting[graphId];
      delete waiting[graphId];
      callbacks.forEach(function (f) { f(); });
    });
  });

  ["pointerover", "touchstart", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var button = facadeOf(event.target);
      if (!button) { return; }
      if (type === "click") {  // the button's own n_clicks draws the chart
        button.dataset.activated = "1";
        watch();
      } else if (type === "focusin") {
        var graphId = button.dataset.graph;
        whenDrawn(graphId, function () {
          var box = document.getElementById(graphId).closest(".chart-box");
          if (box && document.activeElement === document.body) { box.focus({preventScroll: true}); }
        });
      } else {
        activate(button);
      }
    }, {capture: true, passive: true});
  });

  window.vruCharts = {whenDrawn: whenDrawn};
})();
