// Counter page and dashboard: reload when the office's queue changed (the display's
// ETag moved) and the officer is not typing in a form.
(function () {
  "use strict";
  var page = document.getElementById("counter-page");
  if (!page) return;
  var url = page.dataset.stateUrl;
  // The version this page was rendered at: a change made before the first poll
  // (another counter calling) still reloads the page.
  var etag = page.dataset.etag || null;
  function busy() {
    var el = document.activeElement;
    return el && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  }
  function poll() {
    fetch(url, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-store" })
      .then(function (r) {
        if (r.status === 200) {
          var fresh = r.headers.get("ETag");
          if (etag && fresh !== etag && !busy()) { window.location.reload(); return; }
          if (!busy()) etag = fresh;
        }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
