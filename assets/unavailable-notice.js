// If the database goes away while a page is open, the server answers Dash's callbacks with
// 503 and Dash (in production) shows nothing: the old figures would stay on screen as if
// they answered the new filters. This shows a notice instead (role=alert, so screen readers
// announce it), and takes it away when a later update succeeds.
(function () {
  if (!window.fetch) { return; }
  var originalFetch = window.fetch;
  var TEXT = "The figures are unavailable at the moment, so this view could not be updated. Please try again in a few minutes.";

  function showNotice(show) {
    var notice = document.getElementById("unavailable-notice");
    if (show && !notice) {
      notice = document.createElement("div");
      notice.id = "unavailable-notice";
      notice.className = "alert alert-warning";
      notice.setAttribute("role", "alert");
      notice.textContent = TEXT;
      var main = document.getElementById("main");
      (main || document.body).prepend(notice);
    } else if (!show && notice) {
      notice.remove();
    }
  }

  window.fetch = function (input) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    return originalFetch.apply(this, arguments).then(function (response) {
      if (url.indexOf("_dash-update-component") !== -1 && response.status !== 204) {
        showNotice(response.status === 503);
      }
      return response;
    });
  };
})();
