// Removes the first paint (dashboard/first_paint.py: the page as plain HTML, shown while
// Dash loads) once Dash has drawn the page's content, so the document holds one page.
// Drawn means: the content is in (or an error) and it holds about as much text as the copy,
// or a moment has passed since it came: a lazily loaded part (dcc.Markdown on /about) arrives
// after the rest, and swapping before it is in moved the page under the reader (a layout
// shift of 0.24 on /about, Lighthouse desktop). assets/10-dashboard.css shows Dash's page
// when the body has the class "page-drawn".
(function () {
  var CONTENT = "#_pages_content > *", FAILED = "._dash-error, .figures-unavailable";
  var COMPLETE = 0.9, PATIENCE_MS = 3000;
  var copy = document.querySelector(".first-paint");
  if (!copy) { document.body.classList.add("page-drawn"); return; }
  var copied = textLength(copy.querySelector("#first-paint-main"));
  var contentSince = null;
  function textLength(node) { return node ? node.textContent.replace(/\s+/g, "").length : 0; }
  var observer = new MutationObserver(removeWhenDrawn);
  function removeWhenDrawn() {
    var failed = document.querySelector(FAILED);
    if (!failed && !document.querySelector(CONTENT)) { return; }
    contentSince = contentSince || Date.now();
    var drawn = textLength(document.getElementById("main"));
    if (failed || !copied || drawn >= copied * COMPLETE || Date.now() - contentSince >= PATIENCE_MS) {
      document.body.classList.add("page-drawn");
      copy.remove();
      observer.disconnect();
    } else {
      setTimeout(removeWhenDrawn, 200);
    }
  }
  observer.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true });
  removeWhenDrawn();
})();
