/* Citizen pages: register the service worker (offline copies of one's own
   applications) and say so when the page shown is such a copy. */
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, {scope: "/"}).catch(function () {});
  }
  function show() {
    var notes = document.querySelectorAll(".offline-note");
    for (var i = 0; i < notes.length; i++) notes[i].hidden = navigator.onLine;
  }
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
})();
