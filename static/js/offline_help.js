/* I need help now, with no signal: answered from the list of places the service worker saved
   (safeplaces/offline.py). The rule is the site's own: the nearest place open now and still
   open after the walk there; within a short walk, go there; further, phone 101 first. */
(function () {
  "use strict";

  var box = document.getElementById("offline-answer");
  if (!box) { return; }
  var EARTH_RADIUS_M = 6371008.8;
  // Set by the service worker when it answers because there is no signal.
  var OFFLINE = box.getAttribute("data-offline") === "true" || navigator.onLine === false;
  // The page's words in its language (safeplaces/web/offline.py), each {name} filled in here.
  var WORDS = JSON.parse(document.getElementById("offline-words").textContent);

  function say(html) { box.innerHTML = html; }

  // Words with their {name}s filled from values, which are HTML already (escaped, or markup).
  function fill(words, values) {
    return words.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function offlineWords() { return OFFLINE ? escapeHtml(WORDS.offline) + " " : ""; }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function metres(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function when(date) {
    if (!WORDS.english) {
      return new Intl.DateTimeFormat(WORDS.lang, {
        day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", timeZone: "Europe/London"
      }).format(date);
    }
    return new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit",
      hour12: true, timeZone: "Europe/London"
    }).format(date).replace(" am", "am").replace(" pm", "pm");
  }

  function clock(date) {
    if (!WORDS.english) {
      return new Intl.DateTimeFormat(WORDS.lang, { timeStyle: "short", timeZone: "Europe/London" }).format(date);
    }
    return new Intl.DateTimeFormat("en-GB", {
      hour: "numeric", minute: "2-digit", hour12: true, timeZone: "Europe/London"
    }).format(date).replace(":00", "").replace(" am", "am").replace(" pm", "pm");
  }

  function miles(m) {
    var value = m / 1609.344;
    var number = new Intl.NumberFormat(WORDS.lang, {
      minimumFractionDigits: value >= 10 ? 0 : 1, maximumFractionDigits: value >= 10 ? 0 : 1
    });
    if (value < 0.1) { return fill(WORDS.less_than, { miles: number.format(0.1) }); }
    return fill(WORDS.miles, { miles: number.format(value) });
  }

  function postcodeArea(text) {
    var compact = text.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
    var full = compact.match(/^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$/);
    return full ? full[1] : compact;
  }

  function origin(saved) {
    var query = new URLSearchParams(window.location.search);
    var lat = parseFloat(query.get("lat")), lon = parseFloat(query.get("lon"));
    if (isFinite(lat) && isFinite(lon)) { return { lat: lat, lon: lon, rough: false }; }
    var typed = (query.get("q") || "").trim();
    if (!typed) { return null; }
    var area = postcodeArea(typed);
    var centre = saved.outcodes[area];
    if (centre) { return { lat: centre[0], lon: centre[1], label: typed, rough: true, area: area }; }
    // A town or village of the area, or a local name for one, compared as the site compares them.
    var town = (saved.towns || {})[typed.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()];
    if (town) { return { lat: town[1], lon: town[2], label: town[0], rough: true, town: town[0] }; }
    return { missing: typed };
  }

  function walkMinutes(distance, walk) {
    return Math.max(1, Math.ceil(distance * walk.detour / walk.metres_per_minute));
  }

  function openThrough(place, from, to) {
    return place.open.some(function (span) { return span[0] <= from && span[1] >= to; });
  }

  function closes(place, from) {
    var span = place.open.filter(function (s) { return s[0] <= from && s[1] > from; })[0];
    return span ? span[1] : null;
  }

  function answer(saved, here) {
    var start = new Date(saved.start).getTime();
    var nowMinute = Math.floor((Date.now() - start) / 60000);
    var walk = saved.walk;
    var savedWords = fill(escapeHtml(WORDS.saved), { when: escapeHtml(when(new Date(saved.saved))) });
    var offline = offlineWords();
    if (nowMinute < 0 || nowMinute + walk.reasonable_minutes > saved.days * 24 * 60) {
      return say("<p>" + offline + savedWords + " " + escapeHtml(WORDS.too_old) + "</p>");
    }
    var best = null;
    saved.places.forEach(function (place) {
      var distance = metres(here.lat, here.lon, place.lat, place.lon);
      if (best && distance >= best.distance) { return; }
      // Open with no break for 15 minutes, or for the walk there up to half an hour (help_now.py).
      var trip = Math.max(walk.limit_minutes, Math.min(walkMinutes(distance, walk), walk.reasonable_minutes));
      if (openThrough(place, nowMinute, nowMinute + trip)) { best = { place: place, distance: distance }; }
    });
    var intro = "<p class=\"notice\" id=\"offline-saved\">" + offline + savedWords + "</p>";
    if (here.rough) {
      intro += "<p class=\"notice\">" + (here.town ?
        fill(escapeHtml(WORDS.rough_town), { town: escapeHtml(here.town) }) :
        fill(escapeHtml(WORDS.rough), { area: escapeHtml(here.area) })) + "</p>";
    }
    if (!best) {
      return say(intro + "<p class=\"help-message\">" + fill(escapeHtml(WORDS.none_open), {
        place: escapeHtml(saved.place_name), non_emergency: escapeHtml(saved.phones.non_emergency),
        emergency: escapeHtml(saved.phones.emergency)
      }) + "</p>");
    }
    var place = best.place;
    var minutes = walkMinutes(best.distance, walk);
    var near = minutes <= walk.limit_minutes;
    var until = closes(place, nowMinute);
    var html = intro;
    if (!near) {
      html += "<p class=\"help-message\">" + fill(escapeHtml(WORDS.not_near), {
        minutes: walk.limit_minutes, non_emergency: escapeHtml(saved.phones.non_emergency)
      }) + "</p>";
    }
    html += "<h2 id=\"offline-place\">" + fill(escapeHtml(near ? WORDS.go_to : WORDS.further), {
      name: escapeHtml(place.name)
    }) + "</h2>";
    if (until !== null) {
      html += "<p>" + fill(escapeHtml(WORDS.until), { time: escapeHtml(clock(new Date(start + until * 60000))) }) + "</p>";
    }
    var far = escapeHtml(miles(best.distance));
    html += "<p class=\"help-walk\"><strong>" +
      (near ? escapeHtml(WORDS.walks[minutes]) : fill(escapeHtml(WORDS.away), { miles: far })) + "</strong>" +
      (near ? " (" + far + ")" : ". " + escapeHtml(WORDS.ask)) + "</p>";
    html += "<p class=\"address\">" + escapeHtml([place.address, place.town, place.postcode].join(", ")) + "</p>";
    if (place.phone) {
      html += "<p><a class=\"call call-place\" href=\"tel:" + escapeHtml(place.phone.replace(/ /g, "")) + "\">" +
        fill(escapeHtml(WORDS.call), {
          name: escapeHtml(place.name), phone: "<strong>" + escapeHtml(place.phone) + "</strong>"
        }) + "</a></p>";
    }
    say(html);
  }

  function ask(saved) {
    var locate = document.querySelector("[data-offline-locate]");
    var button = document.querySelector("[data-offline-locate-button]");
    say("<p>" + offlineWords() + escapeHtml(WORDS.ask_where) + "</p>");
    if (!locate || !("geolocation" in navigator)) { return; }
    locate.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        answer(saved, { lat: position.coords.latitude, lon: position.coords.longitude, rough: false });
      }, function () {
        say("<p>" + escapeHtml(WORDS.not_found_you) + "</p>");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  fetch(box.getAttribute("data-places-file")).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(function (saved) {
    var here = origin(saved);
    if (here === null) { return ask(saved); }
    if (here.missing) {
      return say("<p>" + fill(escapeHtml(WORDS.not_in_list), { typed: escapeHtml(here.missing) }) + "</p>");
    }
    answer(saved, here);
  }).catch(function () {
    say("<p>" + escapeHtml(WORDS.no_list) + "</p>");
  });
}());
