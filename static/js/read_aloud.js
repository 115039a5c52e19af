/* "Read this page to me" on the easy-read pages: the browser's own speech, in the page's language.
   English pages are read in British English, as always. A page in another language is read only
   with a voice for that language: reading Urdu with an English voice would be noise, not help.
   Where the browser can speak but has no such voice, the button stays hidden and the page says
   so in its own words; where it cannot speak at all, nothing shows. The page works without it. */
(function () {
  "use strict";

  var button = document.querySelector("[data-read-aloud]");
  if (!button || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var label = button.querySelector("[data-read-aloud-label]") || button;
  var none = document.querySelector("[data-read-aloud-none]");
  var readLabel = label.textContent;
  var stopLabel = button.getAttribute("data-stop-label") || "Stop reading";
  var pageLang = (document.documentElement.lang || "en-GB").replace("_", "-").toLowerCase();
  var english = pageLang.split("-")[0] === "en";
  // Browsers load their voices after the page; wait this long for them before saying there is none.
  var VOICES_WAIT_MS = 2000;
  var run = 0; // which reading is current, so a stopped one cannot reset a newer one

  // Phone numbers are said digit by digit ("nine nine nine"), as people dial them.
  function spoken(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("a[href^='tel:']").forEach(function (link) {
      link.textContent = link.textContent.trim().split(/\s+/).map(function (group) {
        return group.split("").join(" ");
      }).join(", ");
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function texts() {
    var parts = [];
    document.querySelectorAll("main h1, main [data-read]").forEach(function (element) {
      var text = spoken(element);
      if (text) { parts.push(text); }
    });
    return parts;
  }

  function voiceLang(voice) { return (voice.lang || "").replace("_", "-").toLowerCase(); }

  // The voice for the page's language: its exact tag ("en-gb"), else the language alone ("ur-pk"
  // for "ur"). For English without a British voice, the browser's default speaks en-GB.
  function voiceFor(lang) {
    var voices = synth.getVoices() || [];
    var primary = lang.split("-")[0];
    var exact = voices.filter(function (v) { return voiceLang(v) === lang; })[0];
    return exact || voices.filter(function (v) { return voiceLang(v).split("-")[0] === primary; })[0] || null;
  }

  function show(reading) {
    label.textContent = reading ? stopLabel : readLabel;
    if (reading) { button.setAttribute("data-reading", ""); } else { button.removeAttribute("data-reading"); }
  }

  function stop() {
    run += 1;
    synth.cancel();
    show(false);
  }

  function start() {
    synth.cancel();
    run += 1;
    var mine = run;
    var voice = voiceFor(english ? "en-gb" : pageLang);
    var parts = texts();
    show(true);
    parts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = english ? "en-GB" : document.documentElement.lang;
      if (voice) { utterance.voice = voice; }
      utterance.rate = 0.9;
      if (index === parts.length - 1) {
        utterance.onend = function () { if (mine === run) { show(false); } };
      }
      utterance.onerror = function () { if (mine === run) { stop(); } };
      synth.speak(utterance);
    });
  }

  function offer() {
    if (none) { none.hidden = true; }
    button.hidden = false;
  }

  function sayThereIsNoVoice() {
    if (button.hidden && none) { none.hidden = false; }
  }

  button.addEventListener("click", function () {
    if (button.hasAttribute("data-reading")) { stop(); } else { start(); }
  });
  // Stop talking when the person leaves the page.
  window.addEventListener("pagehide", function () { synth.cancel(); });

  if (english || voiceFor(pageLang)) {
    offer();
    return;
  }
  synth.addEventListener("voiceschanged", function () {
    if (voiceFor(pageLang)) { offer(); } else { sayThereIsNoVoice(); }
  });
  window.setTimeout(function () { if (!voiceFor(pageLang)) { sayThereIsNoVoice(); } }, VOICES_WAIT_MS);
})();
