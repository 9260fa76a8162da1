// Counter page and dashboard: reload when the office's queue changed (the display's
// ETag moved) and the officer is not typing in a form.
(function () {
  "use strict";
  var page = document.getElementById("counter-page");
  if (!page) return;
  var url = page.dataset.stateUrl;
  var etag = null;
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
          etag = fresh;
        }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
