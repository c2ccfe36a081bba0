// Optional script for a page that embeds London VRU dashboard charts: it sizes each iframe marked
// data-vru-embed to the height its embed reports (assets/embed.js). Load it from the dashboard itself:
//   <script src="https://<dashboard>/assets/embed-resize.js" async></script>
// Only messages from the dashboard's own origin (the origin this script was loaded from), from one
// of the marked iframes, with the documented shape, are applied; heights are kept within bounds.
(function () {
  var MIN_HEIGHT = 200, MAX_HEIGHT = 4000;
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var origin = new URL(script.src, window.location.href).origin;
  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.origin !== origin || !message || message.type !== "vru-embed:height" || message.version !== 1) { return; }
    var height = Number(message.height);
    if (!isFinite(height)) { return; }
    height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(height)));
    var frames = document.querySelectorAll("iframe[data-vru-embed]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
        frames[i].setAttribute("height", String(height));
      }
    }
  });
})();
