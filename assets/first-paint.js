// Removes the first paint (dashboard/first_paint.py: the page as plain HTML, shown while
// Dash loads) once Dash has drawn the page's content, so the document holds one page.
(function () {
  function drawn() {
    var content = document.getElementById("_pages_content");
    return (content && content.children.length > 0) || document.querySelector("._dash-error, .figures-unavailable");
  }
  function removeWhenDrawn(observer) {
    var copy = document.querySelector(".first-paint");
    if (!copy) { if (observer) { observer.disconnect(); } return; }
    if (drawn()) {
      copy.remove();
      if (observer) { observer.disconnect(); }
    }
  }
  if (!document.querySelector(".first-paint")) { return; }
  var observer = new MutationObserver(function () { removeWhenDrawn(observer); });
  observer.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true });
  removeWhenDrawn(observer);
})();
