/* "Read this page to me" on the easy-read pages: the browser's own speech, in British English.
   The button stays hidden where the browser cannot speak; the page works the same without it. */
(function () {
  "use strict";

  var button = document.querySelector("[data-read-aloud]");
  if (!button || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var label = button.querySelector("[data-read-aloud-label]") || button;
  var readLabel = label.textContent;
  var stopLabel = button.getAttribute("data-stop-label") || "Stop reading";
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

  function britishVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if (voices[i].lang && voices[i].lang.replace("_", "-").toLowerCase() === "en-gb") { return voices[i]; }
    }
    return null;
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
    var voice = britishVoice();
    var parts = texts();
    show(true);
    parts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = "en-GB";
      if (voice) { utterance.voice = voice; }
      utterance.rate = 0.9;
      if (index === parts.length - 1) {
        utterance.onend = function () { if (mine === run) { show(false); } };
      }
      utterance.onerror = function () { if (mine === run) { stop(); } };
      synth.speak(utterance);
    });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    if (button.hasAttribute("data-reading")) { stop(); } else { start(); }
  });
  // Stop talking when the person leaves the page.
  window.addEventListener("pagehide", function () { synth.cancel(); });
})();
