// The borough maps from the keyboard (dashboard/charts/maps.py): a pointer names a borough by hovering over it; a
// keyboard user tabs to the interactive map and the arrow keys go from borough to borough in alphabetical order,
// each named in the map's own hover label and read out by screen readers (a status message). Enter or Space
// chooses the borough as a click does (the geography page's Borough filter). A map is known by the shape its
// figure keeps (layout.meta.plot_aspect, dashboard/charts/slots.py).
(function () {
  var status = null;  // one status message for the page, outside Dash's page so that Dash never redraws it
  function say(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  function isMap(gd) {
    var meta = gd._fullLayout && gd._fullLayout.meta;
    return !!(meta && meta.plot_aspect);
  }

  // Every borough a hover can name: [trace, point, name], by name.
  function boroughs(gd) {
    var out = [];
    (gd.data || []).forEach(function (trace, c) {
      if (trace.hoverinfo === "skip" || !trace.customdata) { return; }
      trace.customdata.forEach(function (row, p) {
        out.push([c, p, String(Array.isArray(row) ? row[0] : row)]);
      });
    });
    return out.sort(function (a, b) { return a[2].localeCompare(b[2]); });
  }

  // A choropleth's hover follows the pointer over its geo plot only: the pointer is moved to a point inside the
  // borough (plotly's own mousemove handler then names it, as for a reader's pointer).
  function pointAt(gd, location) {
    var path = Array.prototype.find.call(gd.querySelectorAll(".choroplethlocation"), function (p) {
      return p.__data__ && p.__data__.loc === location;
    });
    var bg = gd.querySelector(".geo .layer.bg rect");
    if (!path || !bg) { return; }
    var box = path.getBBox(), ctm = path.getScreenCTM(), steps = [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.4, 0.6, 0.8];
    for (var i = 0; i < steps.length; i++) {
      for (var j = 0; j < steps.length; j++) {
        var inside = new DOMPoint(box.x + box.width * steps[i], box.y + box.height * steps[j]);
        if (path.isPointInFill(inside)) {
          var at = inside.matrixTransform(ctm);
          bg.dispatchEvent(new MouseEvent("mousemove", {clientX: at.x, clientY: at.y, bubbles: true}));
          return;
        }
      }
    }
  }

  function show(gd, index) {
    var list = boroughs(gd);
    if (!list.length) { return; }
    var n = (index + list.length) % list.length;
    gd.dataset.borough = String(n);
    var trace = gd.data[list[n][0]];
    if (trace.locations) {
      pointAt(gd, trace.locations[list[n][1]]);
    } else {
      window.Plotly.Fx.hover(gd, [{curveNumber: list[n][0], pointNumber: list[n][1]}]);
    }
    // plotly draws a hover at most every 50 ms: the label is read once it is there, the name alone otherwise.
    window.setTimeout(function () {
      var label = gd.querySelector(".hoverlayer .hovertext");
      var text = label ? label.textContent : "";
      say(text.indexOf(list[n][2]) >= 0 ? text : list[n][2]);
    }, 100);
  }

  function enhance(gd) {
    if (gd.dataset.keys || !isMap(gd)) { return; }
    gd.dataset.keys = "1";
    var holder = gd.closest(".dash-graph") || gd.parentElement;
    holder.tabIndex = 0;
    holder.setAttribute("role", "application");
    holder.setAttribute("aria-roledescription", "map");
    holder.setAttribute("aria-label", "Map of the boroughs: the arrow keys name each borough in turn; Enter chooses it");
    holder.addEventListener("focus", function () { show(gd, +(gd.dataset.borough || 0)); });
    holder.addEventListener("blur", function () { if (gd.isConnected && gd._fullLayout) { window.Plotly.Fx.unhover(gd); } });
    holder.addEventListener("keydown", function (event) {
      var at = +(gd.dataset.borough || 0), step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
      if (step) {
        show(gd, at + step);
      } else if (event.key === "Home" || event.key === "End") {
        show(gd, event.key === "Home" ? 0 : -1);
      } else if (event.key === "Enter" || event.key === " ") {
        var chosen = boroughs(gd)[at];
        if (!chosen) { return; }
        var trace = gd.data[chosen[0]];
        gd.emit("plotly_click", {points: [{curveNumber: chosen[0], pointNumber: chosen[1],
          location: trace.locations ? trace.locations[chosen[1]] : undefined}]});
      } else if (event.key === "Escape") {
        window.Plotly.Fx.unhover(gd);
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending || !window.Plotly) { return; }  // no map is interactive before plotly.js has loaded
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      document.querySelectorAll(".js-plotly-plot:not([data-keys])").forEach(enhance);
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
