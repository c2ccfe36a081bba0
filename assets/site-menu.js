// The pages' menu: a <details> in the header, folded under "Menu" on a phone (dashboard/ui/components.py header,
// assets/10-dashboard.css). It opens over the page, so it closes again when the reader follows one of its links (Dash
// changes page without loading a new one), taps outside it, or presses Escape, which puts focus back on "Menu".
(function () {
  function openMenus() { return document.querySelectorAll("details.site-menu[open]"); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target) || (link && menu.contains(link))) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    openMenus().forEach(function (menu) {
      if (!menu.contains(document.activeElement)) { return; }
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
})();
