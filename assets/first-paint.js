// Removes the first paint (dashboard/ui/first_paint.py: the page as plain HTML, shown until Dash has
// drawn it) once Dash has drawn the page's content, so the document holds one page, and hands
// over to Dash's page what the reader had in hand: the keyboard focus, the tables they opened,
// and whatever assets/dash-on-demand.js asked for (a button pressed, a filter changed).
// Drawn means: the content is in (or an error) and it holds about as much text as the copy,
// or a moment has passed since it came: a lazily loaded part (dcc.Markdown on /about) arrives
// after the rest, and swapping before it is in would move the page under the reader (a
// layout shift). assets/10-dashboard.css shows Dash's page when the body has the class
// "page-drawn".
(function () {
  var CONTENT = "#_pages_content > *", FAILED = "._dash-error, .figures-unavailable";
  var COMPLETE = 0.9, PATIENCE_MS = 3000, PREFIX = "first-paint-";
  var copy = document.querySelector(".first-paint");
  var handovers = [];
  window.vruFirstPaint = {
    // fn(counterpart) runs as the copy goes; counterpart(element of the copy) is Dash's element for it.
    onSwap: function (fn) { if (copy && copy.isConnected) { handovers.push(fn); } else { fn(function () { return null; }); } },
  };
  if (!copy) { document.body.classList.add("page-drawn"); return; }
  var copied = textLength(copy.querySelector("#first-paint-main"));
  var contentSince = null;
  function textLength(node) { return node ? node.textContent.replace(/\s+/g, "").length : 0; }

  // Dash's element for one of the copy's: by id (the copy's ids are Dash's with a prefix), by the
  // control it stands for (data-control), or else the same element of its kind, counted in document order.
  function counterpart(element) {
    var dash = document.getElementById("react-entry-point");
    if (!element || !dash) { return null; }
    var found = null;
    if (element.id && element.id.indexOf(PREFIX) === 0) { found = document.getElementById(element.id.slice(PREFIX.length)); }
    if (!found && element.dataset && element.dataset.control) { found = document.getElementById(element.dataset.control); }
    if (found && dash.contains(found)) { return found; }
    var kind = element.tagName.toLowerCase() + (element.classList.length ? "." + CSS.escape(element.classList[0]) : "");
    var mine = copy.querySelectorAll(kind), theirs = dash.querySelectorAll(kind);
    var i = Array.prototype.indexOf.call(mine, element);
    return i >= 0 && mine.length === theirs.length ? theirs[i] : null;
  }

  function handOver() {
    var focused = copy.contains(document.activeElement) ? counterpart(document.activeElement) : null;
    copy.querySelectorAll("details[open]").forEach(function (details) {
      var theirs = counterpart(details);
      if (theirs) { theirs.open = true; }
    });
    handovers.splice(0).forEach(function (fn) { fn(counterpart); });
    document.body.classList.add("page-drawn");
    copy.remove();
    if (focused) { focused.focus({preventScroll: true}); }
  }

  var observer = new MutationObserver(removeWhenDrawn);
  function removeWhenDrawn() {
    if (!copy.isConnected) { return; }
    var dash = document.getElementById("react-entry-point");
    var failed = dash && dash.querySelector(FAILED);  // in Dash's page: the copy may say so too (an outage)
    if (!failed && !document.querySelector(CONTENT)) { return; }
    contentSince = contentSince || Date.now();
    var drawn = textLength(document.getElementById("main"));
    if (failed || !copied || drawn >= copied * COMPLETE || Date.now() - contentSince >= PATIENCE_MS) {
      observer.disconnect();
      handOver();
    } else {
      setTimeout(removeWhenDrawn, 200);
    }
  }
  observer.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true });
  removeWhenDrawn();
})();
