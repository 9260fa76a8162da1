// The continuity page's internal-candidate column arrives by htmx after the page loads.
// Whatever happens to that request (server error, network gone, timeout), the notice
// must not keep saying "being calculated": it says what happened and offers the link
// that computes the column as a full page (issue 8, item 14).
(function () {
  "use strict";
  function fail(event) {
    var table = event.target && event.target.closest ? event.target.closest("#continuity-table") : null;
    if (!table) { return; }
    var notice = table.querySelector("[data-candidates-pending]");
    if (!notice) { return; }
    notice.textContent = notice.getAttribute("data-failed-text") + " ";
    var link = document.createElement("a");
    link.href = notice.getAttribute("data-full-url");
    link.textContent = notice.getAttribute("data-retry-text");
    notice.appendChild(link);
    table.removeAttribute("aria-busy");
  }
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, fail);
  });
  // No htmx at all (blocked or failed to load): say so instead of waiting for ever.
  window.addEventListener("load", function () {
    if (window.htmx) { return; }
    document.querySelectorAll("[data-candidates-pending]").forEach(function (notice) {
      fail({ target: notice });
    });
  });
})();
