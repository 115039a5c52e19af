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

  // A small map beside a list (safeplaces/maps.py) fetches its files only when the page is
  // scrolled near it: most phones show the list first, and it is the list that matters.
  function fetchInOrder(urls, done) {
    if (!urls.length) { done(); return; }
    var script = document.createElement("script");
    script.src = urls[0];
    script.onload = function () { fetchInOrder(urls.slice(1), done); };
    document.head.appendChild(script);
  }

  function fetchMapFiles(files) {
    files.css.forEach(function (url) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = url;
      document.head.appendChild(style);
    });
    fetchInOrder(files.js, function () {});
  }

  function whenNear(element, then) {
    if (!("IntersectionObserver" in window)) { then(); return; }
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        then();
      }
    }, { rootMargin: "400px 0px" });
    watcher.observe(element);
  }

  document.querySelectorAll("[data-ksp-map]").forEach(function (block) {
    var source = document.getElementById(block.getAttribute("data-ksp-map"));
    var files = source && JSON.parse(source.textContent).files;
    // The block is hidden until its map is drawn: watch what comes before it on the page.
    var near = block.previousElementSibling || block.parentElement;
    if (files && near) { whenNear(near, function () { fetchMapFiles(files); }); }
  });

  // Keeps the main pages and the list of places for when there is no signal (web/offline.py).
  var worker = document.documentElement.getAttribute("data-service-worker");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).catch(function () { /* the site works without it */ });
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
