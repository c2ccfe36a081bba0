// The skip link moves focus to <main> without changing the address: a new #hash fires
// popstate, and Dash Pages would then re-read the address and rebuild the whole page
// (losing focus, and any filter chosen meanwhile).
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.skip-link") : null;
  var main = document.getElementById("main");
  if (!link || !main) { return; }
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
});
