// A point on a map (sigap.platform.maps): shows a complaint's place, or lets the person
// choose one, filling the latitude and longitude inputs that stay the keyboard's way in.
// Leaflet (served by Sigap itself) is loaded only when a map is first needed, so a form
// on a slow phone connection does not pay for it up front.
(function () {
  "use strict";
  var loading = null;

  function loadLeaflet(box) {
    if (window.L) { return Promise.resolve(window.L); }
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = box.getAttribute("data-leaflet-css");
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = box.getAttribute("data-leaflet-js");
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function icon(L, box) {
    // Explicit icon URLs: the hashed static file names defeat Leaflet's own path guess.
    var base = box.getAttribute("data-leaflet-css").replace(/leaflet[^/]*\.css$/, "");
    return L.icon({
      iconUrl: base + "images/marker-icon.png",
      iconRetinaUrl: base + "images/marker-icon-2x.png",
      shadowUrl: base + "images/marker-shadow.png",
      iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41]
    });
  }

  function makeMap(L, box, canvas, lat, lng, zoom) {
    var map = L.map(canvas, { keyboard: true }).setView([lat, lng], zoom);
    L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: 19,
      attribution: box.getAttribute("data-attribution") || ""
    }).addTo(map);
    return map;
  }

  function number(input) {
    var v = input && input.value.trim() !== "" ? Number(input.value) : NaN;
    return isFinite(v) ? v : null;
  }

  function show(box) {
    loadLeaflet(box).then(function (L) {
      var lat = Number(box.getAttribute("data-lat"));
      var lng = Number(box.getAttribute("data-long"));
      var map = makeMap(L, box, box, lat, lng, Number(box.getAttribute("data-zoom")));
      L.marker([lat, lng], { icon: icon(L, box), keyboard: false }).addTo(map);
    });
  }

  function picker(box) {
    var open = box.querySelector("[data-point-map-open]");
    var canvas = box.querySelector("[data-point-map-canvas]");
    var help = box.querySelector("[data-point-map-help]");
    var latInput = document.getElementById(box.getAttribute("data-lat-input"));
    var lngInput = document.getElementById(box.getAttribute("data-long-input"));
    if (!open || !canvas || !latInput || !lngInput) { return; }
    var map = null, marker = null;

    function place(L, lat, lng) {
      if (marker) { marker.setLatLng([lat, lng]); }
      else { marker = L.marker([lat, lng], { icon: icon(L, box), keyboard: false }).addTo(map); }
    }

    open.addEventListener("click", function () {
      var opening = canvas.hidden;
      canvas.hidden = !opening;
      help.hidden = !opening;
      open.setAttribute("aria-expanded", opening ? "true" : "false");
      if (!opening || map) { if (map) { map.invalidateSize(); } return; }
      loadLeaflet(box).then(function (L) {
        var lat = number(latInput), lng = number(lngInput);
        var chosen = lat !== null && lng !== null;
        map = makeMap(L, box, canvas,
          chosen ? lat : Number(box.getAttribute("data-lat")),
          chosen ? lng : Number(box.getAttribute("data-long")),
          chosen ? 16 : Number(box.getAttribute("data-zoom")));
        if (chosen) { place(L, lat, lng); }
        map.on("click", function (e) {
          latInput.value = e.latlng.lat.toFixed(6);
          lngInput.value = e.latlng.lng.toFixed(6);
          place(L, e.latlng.lat, e.latlng.lng);
        });
        function follow() {
          var a = number(latInput), b = number(lngInput);
          if (a !== null && b !== null) { place(L, a, b); map.panTo([a, b]); }
        }
        latInput.addEventListener("change", follow);
        lngInput.addEventListener("change", follow);
      });
    });
  }

  document.querySelectorAll("[data-point-map]").forEach(function (box) {
    if (box.hasAttribute("data-pick")) { picker(box); } else { show(box); }
  });
})();
