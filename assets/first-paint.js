// Removes the first paint (dashboard/first_paint.py: the page as plain HTML, shown while
// Dash loads) once Dash has drawn the page's content, so the document holds one page.
// DRAWN is the condition assets/10-dashboard.css uses to swap the two.
(function () {
  var DRAWN = "#_pages_content > *, ._dash-error, .figures-unavailable";
  var copy = document.querySelector(".first-paint");
  if (!copy) { return; }
  var observer = new MutationObserver(removeWhenDrawn);
  function removeWhenDrawn() {
    if (document.querySelector(DRAWN)) {
      copy.remove();
      observer.disconnect();
    }
  }
  observer.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true });
  removeWhenDrawn();
})();
