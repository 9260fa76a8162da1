// The ticket slip: print on request; at a kiosk, print at once and go back after a while.
(function () {
  "use strict";
  var slip = document.querySelector(".slip");
  var button = document.getElementById("print-slip");
  if (button) button.addEventListener("click", function () { window.print(); });
  if (slip && slip.dataset.autoprint) {
    window.setTimeout(function () { window.print(); }, 300);
  }
  if (slip && slip.dataset.back) {
    window.setTimeout(function () { window.location.assign(slip.dataset.back); }, 15000);
  }
})();
