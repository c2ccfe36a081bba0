// On a public page, loads Dash (React, its renderer and the component bundles, held in a
// template by dashboard/ui/dash_on_demand.py) when the reader first reaches for something that needs it, and
// not before: the page they see is the first paint's plain HTML (dashboard/ui/first_paint.py),
// whole and usable, with each chart as its picture and the filters as a form.
//
// What starts it, and what then happens on Dash's page (assets/first-paint.js swaps it in):
// - a filter changed (or its form sent): the address takes the chosen view at once, so Dash
//   draws that view; a change made while Dash was already loading is passed to Dash's control;
// - a chart's picture pointed at, touched or focused: that chart is drawn as the interactive one
//   (assets/chart-facade.js), the focus moved to it;
// - a button pressed ("Save as image", "Copy a link"): the same button on Dash's page is pressed.
// Internal pages, and pages without a first paint, load Dash as Dash does (there is no list).
(function () {
  var list = document.getElementById("dash-scripts");  // a <template>: its scripts do not run there
  window.vruDash = {boot: function () { return Promise.resolve(); }};
  if (!list) { return; }
  var copy = document.querySelector(".first-paint");
  var LOADING = "Loading the interactive charts and filters\u2026";
  var FAILED = "The interactive charts and filters could not be loaded. The figures, tables and downloads on this page still work; reload the page to try again.";
  var loading = null;

  function say(text) {
    var status = document.getElementById("first-paint-status");
    if (status) { status.textContent = text; }
  }

  function boot() {
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) {
      var sources = Array.prototype.map.call(list.content.querySelectorAll("script[src]"), function (s) { return s.getAttribute("src"); });
      var failed = false;
      say(LOADING);
      sources.forEach(function (src, i) {
        var script = document.createElement("script");
        script.src = src;
        script.async = false;  // run in the listed order, as Dash's own tags do
        script.addEventListener("error", function () {
          if (!failed) { failed = true; say(FAILED); reject(new Error("could not load " + src)); }
        });
        if (i === sources.length - 1) {
          script.addEventListener("load", function () {
            if (failed) { return; }
            window.renderer = new window.DashRenderer();
            resolve();
          });
        }
        document.body.appendChild(script);
      });
    });
    loading.catch(function () {});  // said on the page; an interaction does not throw
    return loading;
  }
  window.vruDash = {boot: boot};
  if (!copy) { boot(); return; }  // nothing on the page until Dash draws it

  function inCopy(target, selector) {
    var element = target && target.closest ? target.closest(selector) : null;
    return element && copy.isConnected && copy.contains(element) ? element : null;
  }

  // --------------------------------------------------------------- filters

  function group(control) {  // the radio buttons of `control`'s group
    return control.form.querySelectorAll('input[type=radio][name="' + CSS.escape(control.name) + '"]');
  }

  function valueOf(control) {  // as Dash's control holds it
    if (control.type === "radio") {
      var chosen = Array.prototype.find.call(group(control), function (radio) { return radio.checked; });
      return chosen ? chosen.value : null;
    }
    if (control.type === "checkbox") { return control.checked; }
    if (control.type === "number") { return control.value === "" ? null : Number(control.value); }
    return control.value;
  }

  function isDefault(control) {  // left out of the address, as the page's own canonical links do
    if (control.tagName === "SELECT") { return !control.options.length || control.value === control.options[0].value; }
    if (control.type === "radio") {
      return !control.checked || control === group(control)[0];
    }
    if (control.type === "checkbox") { return !control.checked; }
    return control.value.trim() === "";
  }

  function showInAddress(form) {
    var params = new URLSearchParams(window.location.search);
    var named = Array.prototype.filter.call(form.elements, function (c) { return c.name && c.type !== "submit"; });
    named.forEach(function (c) { params.delete(c.name); });
    named.forEach(function (c) {
      if (!isDefault(c)) { params.append(c.name, c.type === "checkbox" ? c.value : c.value.trim()); }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function chosen(control) {
    var form = control.form;
    var alreadyLoading = Boolean(loading);
    showInAddress(form);
    boot();
    // Dash reads the address when it starts: a change made after that goes to Dash's control itself.
    var stands = control.closest("[data-control]");
    if (alreadyLoading && stands) {
      var id = stands.dataset.control, value = valueOf(control);
      window.vruFirstPaint.onSwap(function () {
        if (window.dash_clientside && window.dash_clientside.set_props) {
          window.dash_clientside.set_props(id, {value: value});
        }
      });
    }
  }

  document.addEventListener("change", function (event) {
    var control = inCopy(event.target, "form[data-filters] select, form[data-filters] input");
    if (control) { chosen(control); }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = inCopy(event.target, "form[data-filters]");
    if (!form) { return; }
    event.preventDefault();  // Enter in a search box: the page updates in place, as it does once Dash is in
    var control = form.contains(document.activeElement) && document.activeElement.name ? document.activeElement : form.querySelector("[name]");
    if (control) { chosen(control); }
  }, true);

  // --------------------------------------------------------------- charts and buttons

  var reached = {};
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var picture = inCopy(event.target, "button.chart-facade");
      if (!picture) { return; }
      boot();
      var graph = picture.dataset.graph;
      // A focused picture keeps the focus on Dash's page (assets/first-paint.js), which draws its chart.
      if (type === "focusin" || reached[graph]) { return; }
      reached[graph] = true;
      window.vruFirstPaint.onSwap(function () {
        if (window.vruCharts) { window.vruCharts.whenDrawn(graph, function () {}); }
      });
    }, {capture: true, passive: true});
  });

  document.addEventListener("click", function (event) {
    var button = inCopy(event.target, "button");
    if (!button) { return; }
    event.preventDefault();
    boot();
    window.vruFirstPaint.onSwap(function (counterpart) {
      var theirs = counterpart(button);
      if (theirs) { theirs.click(); }
    });
  }, true);
})();
