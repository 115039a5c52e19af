/* Keep Safe Places service worker, version {{ version }}: made by safeplaces/web/offline.py.
   It keeps the main pages, the easy-read pages and the list of places, so that with no signal
   a person can still find the nearest open place and phone for help. The manage area and
   searches (anything with a query string) are never kept on the phone. */
"use strict";

var VERSION = {{ version | tojson }};
var KEPT = {{ kept | tojson }};
var PLACES_FILE = {{ places_file | tojson }};
var HELP_PAGE = {{ help_page | tojson }};
var NEVER = {{ never | tojson }};
var ASKING_FOR_HELP = ["/help-now", "/find", "/map"];
var REFRESH_AFTER_MS = 60 * 60 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) {
    return cache.addAll(KEPT.concat([PLACES_FILE]));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== VERSION; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function never(url) {
  return NEVER.some(function (prefix) { return url.pathname === prefix || url.pathname.indexOf(prefix + "/") === 0; });
}

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(VERSION).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

// The list of places, fetched again in the background while online once the kept copy is an
// hour old (its Date header says when the server made it).
function refreshPlaces() {
  return caches.match(PLACES_FILE).then(function (kept) {
    // The first date, should a server ever send the header twice.
    var date = kept && (kept.headers.get("Date") || "").match(/^\w{3}, \d{1,2} \w{3} \d{4} [\d:]{8} GMT/);
    var made = date ? Date.parse(date[0]) : NaN;
    if (made && Date.now() - made < REFRESH_AFTER_MS) { return undefined; }
    return fetch(PLACES_FILE, { cache: "no-cache" }).then(function (response) {
      return keep(new Request(PLACES_FILE), response);
    });
  }).catch(function () { /* offline: keep what there is */ });
}

// The saved help page, marked so that it says the answer comes from the saved list.
function savedHelpPage() {
  return caches.match(HELP_PAGE).then(function (page) {
    if (!page) { return Response.error(); }
    return page.text().then(function (html) {
      return new Response(html.replace("data-places-file=", "data-offline=\"true\" data-places-file="),
        { headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function offlineAnswer(request) {
  var url = new URL(request.url);
  if (ASKING_FOR_HELP.indexOf(url.pathname) !== -1 && url.search) { return savedHelpPage(); }
  return caches.match(request, { ignoreVary: true }).then(function (found) {
    return found || savedHelpPage();
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || never(url)) { return; }
  if (url.pathname === PLACES_FILE) {
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); })
      .catch(function () { return caches.match(PLACES_FILE); }));
    return;
  }
  if (request.mode === "navigate") {
    event.waitUntil(refreshPlaces());
    event.respondWith(fetch(request).then(function (response) {
      return url.search ? response : keep(request, response);
    }).catch(function () { return offlineAnswer(request); }));
    return;
  }
  event.respondWith(caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      return url.search ? response : keep(request, response);
    });
  }));
});
