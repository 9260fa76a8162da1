// The ticket slip: print on request; at a kiosk, print at once and go back after a
// while. On the citizen's phone (not at the kiosk), the place in line and the estimated
// wait refresh by themselves: the page is fetched again every 15 s and its status line
// replaced, until the ticket is no longer waiting or called.
(function () {
  "use strict";
  var slip = document.querySelector(".slip");
  var button = document.getElementById("print-slip");
  if (button) button.addEventListener("click", function () { window.print(); });
  if (!slip) return;
  if (slip.dataset.autoprint) {
    window.setTimeout(function () { window.print(); }, 300);
  }
  if (slip.dataset.back) {
    window.setTimeout(function () { window.location.assign(slip.dataset.back); }, 15000);
    return;
  }
  if (!slip.dataset.live) return;
  function refresh() {
    fetch(window.location.pathname, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return true;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".slip");
        if (!fresh) return true;
        var place = slip.querySelector(".slip-place");
        var next = fresh.querySelector(".slip-place");
        if (place && next && place.textContent !== next.textContent) {
          place.textContent = next.textContent;
        }
        return Boolean(fresh.dataset.live);
      })
      .catch(function () { return true; })
      .then(function (again) { if (again) window.setTimeout(refresh, 15000); });
  }
  window.setTimeout(refresh, 15000);
})();
