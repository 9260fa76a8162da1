// Complaint form: fill the coordinates from the device's location on request, and
// hide the identity fields while "anonim" is chosen. Loaded as a static file (CSP).
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_long");
  if (button && lat && lon && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        // The map, when open, moves its marker to the new point.
        lon.dispatchEvent(new Event("change"));
      });
    });
  }
  var identity = document.getElementById("identity-fields");
  var modes = document.querySelectorAll("input[name=mode]");
  function sync() {
    var chosen = document.querySelector("input[name=mode]:checked");
    if (identity) { identity.hidden = !!chosen && chosen.value === "anonymous"; }
  }
  modes.forEach(function (m) { m.addEventListener("change", sync); });
  sync();
})();
