/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // What to say, in the page's language: the page gives it as data-* attributes.
  function words(element, name, english) {
    return element.getAttribute("data-" + name) || english;
  }

  function useMyLocation(form) {
    var box = form.querySelector("[data-locate]");
    var button = form.querySelector("[data-locate-button]");
    var status = form.querySelector("[data-locate-status]");
    if (!box || !button || !("geolocation" in navigator)) { return; }
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = words(status, "finding", "Finding where you are…");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        // About 10 metres: enough to find the nearest place, and no more exact in server logs.
        var lat = position.coords.latitude.toFixed(4);
        var lon = position.coords.longitude.toFixed(4);
        status.textContent = words(status, "found", "Found you. Looking for places near you…");
        window.location.href = form.action + "?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon);
      }, function () {
        button.disabled = false;
        status.textContent = words(status, "failed", "We could not find where you are. Type a postcode or a town instead.");
        var input = form.querySelector("input[name=q]");
        if (input) { input.focus(); }
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  document.querySelectorAll("[data-locate-form]").forEach(useMyLocation);

  // Keeps the main pages and the list of places for when there is no signal (web/offline.py).
  var worker = document.documentElement.getAttribute("data-service-worker");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).catch(function () { /* the site works without it */ });
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
