// The call display: polls the office's state with If-None-Match (304 when nothing
// changed), chimes (Web Audio, made here, no files) and optionally speaks the number
// with the device's own Indonesian voice. Reconnects by itself after a server restart
// or a network drop (see docs/decisions/0007-queue-display-by-polling.md).
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.stateUrl;
  var etag = null;
  var delay = 500;
  var soundOn = false;
  var audio = null;
  var statusEl = document.getElementById("status");
  var list = document.getElementById("counters");
  var recent = document.getElementById("recent");
  var soundButton = document.getElementById("sound");

  function chime() {
    if (!soundOn) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [660, 880].forEach(function (freq, i) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = freq;
        osc.connect(gain);
        gain.connect(audio.destination);
        var t = audio.currentTime + i * 0.35;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.4, t + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
        osc.start(t);
        osc.stop(t + 0.32);
      });
    } catch (e) { /* no audio on this device */ }
  }

  function spell(number) {
    // "A-012" -> "A, nol, satu, dua": read digit by digit, as callers in offices do.
    var digits = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
    return number.split("").map(function (ch) {
      return /[0-9]/.test(ch) ? digits[+ch] : (ch === "-" ? "" : ch);
    }).filter(Boolean).join(", ");
  }

  function speak(number, counter) {
    if (!soundOn || !("speechSynthesis" in window)) return;
    var voices = window.speechSynthesis.getVoices().filter(function (v) {
      return v.lang && v.lang.toLowerCase().indexOf("id") === 0 && v.localService;
    });
    if (!voices.length) return; // only a voice installed on this device: no online speech
    var u = new SpeechSynthesisUtterance(body.dataset.sayNumber + " " + spell(number) + ", " + body.dataset.sayCounter + " " + counter);
    u.voice = voices[0];
    u.lang = voices[0].lang;
    window.speechSynthesis.speak(u);
  }

  function render(state) {
    var changed = [];
    state.counters.forEach(function (c) {
      var li = list.querySelector('[data-counter="' + c.number + '"]');
      if (!li) {
        li = document.createElement("li");
        li.dataset.counter = c.number;
        li.innerHTML = '<span class="counter-name"></span><span class="ticket-number"></span>';
        list.appendChild(li);
      }
      li.querySelector(".counter-name").textContent = c.name;
      li.querySelector(".ticket-number").textContent = c.ticket || "—";
      if (c.call && li.dataset.call !== c.call) changed.push([li, c]);
      li.dataset.call = c.call;
    });
    recent.textContent = "";
    state.recent.forEach(function (r) {
      var item = document.createElement("li");
      item.textContent = r.number + " → " + r.counter;
      recent.appendChild(item);
    });
    changed.forEach(function (pair) {
      pair[0].classList.remove("flash");
      void pair[0].offsetWidth;
      pair[0].classList.add("flash");
      chime();
      speak(pair[1].ticket, pair[1].name);
    });
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store" })
      .then(function (r) {
        if (r.status === 304) return null;
        if (!r.ok) throw new Error("HTTP " + r.status);
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (state) {
        if (state) render(state);
        statusEl.textContent = "";
        body.classList.remove("offline");
        delay = 500;
      })
      .catch(function () {
        statusEl.textContent = body.dataset.offline;
        body.classList.add("offline");
        delay = Math.min(delay * 2, 5000);
      })
      .then(function () { window.setTimeout(poll, delay); });
  }

  soundButton.addEventListener("click", function () {
    soundOn = !soundOn;
    soundButton.setAttribute("aria-pressed", soundOn ? "true" : "false");
    if (soundOn) chime();
  });
  poll();
})();
