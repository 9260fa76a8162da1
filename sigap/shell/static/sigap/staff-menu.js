// The staff menu folds on a phone (issue 8, item 15): the <details> disclosure starts open
// (so the menu works without JavaScript) and is closed here when the screen is narrow.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 767.98px)");
  function fit() {
    document.querySelectorAll("details.staff-menu").forEach(function (menu) {
      if (narrow.matches) { menu.removeAttribute("open"); } else { menu.setAttribute("open", ""); }
    });
  }
  fit();
  if (narrow.addEventListener) { narrow.addEventListener("change", fit); }
})();
