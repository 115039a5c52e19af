/* Keep Safe Places maps: draws each map that safeplaces/maps.py describes in its JSON data block.
   Every word comes from the data; every name is set as text, never as HTML. On a large map the
   markers are buttons: Enter or Space opens a place's popup, focus moves into the popup and back
   to its marker when it closes, and Escape closes it. Markers close together are grouped
   (Leaflet.markercluster); Enter or Space on a group zooms in to it. Without Leaflet, the map
   stays hidden and the page's list of the same places is the page. */
(function () {
  "use strict";

  var OPEN_ABOVE = 10000; // open places are drawn above the others...
  var ORIGIN_ABOVE = 20000; // ...and "you are here" above everything
  var PLACE_ICON = { iconSize: [32, 32], popupAnchor: [0, -14], tooltipAnchor: [0, -16] };
  var ORIGIN_ICON = { iconSize: [24, 24], popupAnchor: [0, -10] };
  var GROUP_ICON = { iconSize: [40, 40] };
  var FOCUS_PADDING = 48; // pixels between a focused marker and the map's edge
  // A popup opens clear of the zoom buttons in the top left corner, which would cover it.
  var POPUP = { maxWidth: 260, autoPanPaddingTopLeft: [64, 16], autoPanPaddingBottomRight: [16, 16] };

  var reduceMotion = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function hiddenFromReaders(node) {
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) { return String(values[name]); });
  }

  function isSpace(event) {
    return event.key === " " || event.key === "Spacebar";
  }

  function isEscape(event) {
    return event.key === "Escape" || event.key === "Esc";
  }

  function focusQuietly(node) {
    // preventScroll: scrolling Leaflet's overflow-hidden container would shift the map.
    try {
      node.focus({ preventScroll: true });
    } catch (error) {
      node.focus();
    }
  }

  function icon(className, content, size) {
    return L.divIcon(L.extend({ className: "ksp-marker " + className, html: content }, size));
  }

  function popupContent(name, url, status) {
    var content = element("div");
    var heading = content.appendChild(element("p", "ksp-popup-name"));
    if (url) {
      var link = heading.appendChild(element("a", null, name));
      link.setAttribute("href", url);
    } else {
      heading.textContent = name;
    }
    if (status) { content.appendChild(element("p", "ksp-popup-status", status)); }
    return content;
  }

  // Each time Leaflet makes a marker's element: Space acts as Enter does, as on any button, and
  // focus pans the map until the marker and its focus ring are well inside it (Leaflet's own
  // autoPanOnFocus stops at the very edge, which hides half the ring).
  function helpKeyboardUsers(map, layer, onSpace) {
    var node = layer.getElement && layer.getElement();
    if (!node || node.kspHelped) { return; }
    node.kspHelped = true;
    L.DomEvent.on(node, "keydown", function (event) {
      if (!isSpace(event)) { return; }
      L.DomEvent.preventDefault(event);
      onSpace();
    });
    L.DomEvent.on(node, "focus", function () {
      map.panInside(layer.getLatLng(), { padding: [FOCUS_PADDING, FOCUS_PADDING] });
    });
  }

  function asButton(map, marker) {
    marker.on("add", function () {
      helpKeyboardUsers(map, marker, function () { marker.togglePopup(); });
    });
  }

  function placeMarker(map, row, data) {
    var name = row[2], url = row[3], kind = row[4], status = data.statuses[row[5]];
    var label = name + ", " + data.words[kind];
    var content = element("span");
    content.appendChild(element("span", "ksp-vh", label));
    if (data.symbols[kind]) {
      content.appendChild(hiddenFromReaders(element("span", "ksp-symbol", data.symbols[kind])));
    }
    var interactive = data.interactive;
    var marker = L.marker([row[0], row[1]], {
      icon: icon("ksp-" + kind, content, PLACE_ICON),
      keyboard: interactive,
      interactive: interactive,
      riseOnHover: interactive,
      autoPanOnFocus: false,
      zIndexOffset: kind === "open" ? OPEN_ABOVE : 0
    });
    marker.kspOpen = kind === "open";
    if (interactive) {
      marker.bindPopup(popupContent(name, url, status), POPUP);
      marker.bindTooltip(element("span", null, label), { direction: "top" });
      asButton(map, marker);
    }
    return marker;
  }

  function originMarker(map, origin, interactive) {
    var marker = L.marker([origin.lat, origin.lon], {
      icon: icon("ksp-origin", element("span", "ksp-origin-label", origin.label), ORIGIN_ICON),
      keyboard: interactive,
      interactive: interactive,
      autoPanOnFocus: false,
      zIndexOffset: ORIGIN_ABOVE
    });
    if (interactive) {
      marker.bindPopup(popupContent(origin.label), POPUP);
      asButton(map, marker);
    }
    return marker;
  }

  // A group's marker: how many places it holds and how many are open, with a badge if any are.
  function groupIcon(words) {
    return function (group) {
      var markers = group.getAllChildMarkers();
      var open = 0;
      for (var i = 0; i < markers.length; i += 1) {
        if (markers[i].kspOpen) { open += 1; }
      }
      var name = fill(words.group, { count: markers.length }) + ", " +
        (open ? fill(words.groupOpen, { open: open }) : words.groupNoneOpen);
      var content = element("span");
      content.appendChild(element("span", "ksp-vh", name));
      content.appendChild(hiddenFromReaders(element("span", "ksp-group-count", String(markers.length))));
      if (open) { content.appendChild(hiddenFromReaders(element("span", "ksp-group-badge"))); }
      // Set before Leaflet places the icon, so an open group is drawn above closed places too,
      // and focus pans the map as for a place (see helpKeyboardUsers).
      group.options.zIndexOffset = open ? OPEN_ABOVE : 0;
      group.options.autoPanOnFocus = false;
      return icon("ksp-group" + (open ? " ksp-group-open" : ""), content, GROUP_ICON);
    };
  }

  // Enter on a group zooms in (markercluster does that, and moves focus to the map); Space too.
  function groupAsButton(map, group) {
    helpKeyboardUsers(map, group, function () {
      if (map.getZoom() >= map.getMaxZoom()) {
        group.spiderfy();
      } else {
        group.zoomToBounds();
      }
      focusQuietly(map.getContainer());
    });
  }

  function addPlaces(map, data) {
    var markers = [];
    for (var i = 0; i < data.places.length; i += 1) { markers.push(placeMarker(map, data.places[i], data)); }
    if (!(data.cluster && L.markerClusterGroup)) {
      for (var j = 0; j < markers.length; j += 1) { markers[j].addTo(map); }
      return;
    }
    var groups = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      animate: !reduceMotion,
      chunkedLoading: true,
      iconCreateFunction: groupIcon(data.words)
    });
    map.on("layeradd", function (event) {
      if (event.layer instanceof L.MarkerCluster) { groupAsButton(map, event.layer); }
    });
    groups.addLayers(markers);
    map.addLayer(groups);
  }

  function keepFocusWithPopups(map) {
    var container = map.getContainer();
    var opener = null;

    map.on("popupopen", function (event) {
      var active = document.activeElement;
      opener = active && active !== container && container.contains(active) ? active : null;
      var link = event.popup.getElement().querySelector(".leaflet-popup-content a[href]");
      if (opener && link) { focusQuietly(link); }
    });

    map.on("popupclose", function (event) {
      // Leaflet may fade the popup out before removing it, so focus can still be inside it here.
      var active = document.activeElement;
      var popup = event.popup.getElement();
      var lost = !active || active === document.body || (popup && popup.contains(active));
      if (opener && lost && document.documentElement.contains(opener)) { focusQuietly(opener); }
      opener = null;
    });

    L.DomEvent.on(container, "keydown", function (event) {
      if (isEscape(event)) { map.closePopup(); }
    });
  }

  function draw(block) {
    var source = document.getElementById(block.getAttribute("data-ksp-map"));
    var container = block.querySelector(".ksp-map");
    if (!source || !container) { return; }
    var data = JSON.parse(source.textContent);
    block.hidden = false; // before the map is made, so Leaflet can measure its container
    var map = L.map(container, {
      scrollWheelZoom: false,
      zoomAnimation: !reduceMotion,
      fadeAnimation: !reduceMotion,
      markerZoomAnimation: !reduceMotion
    });
    L.tileLayer(data.tiles.url, {
      attribution: data.tiles.attribution,
      maxZoom: data.tiles.maxZoom,
      // The page's address can hold what the user searched for (a postcode): send only our origin.
      referrerPolicy: "strict-origin-when-cross-origin"
    }).addTo(map);
    var view = data.view;
    if (view.bounds) {
      map.fitBounds(view.bounds, { padding: [view.padding, view.padding], maxZoom: view.maxZoom });
    } else {
      map.setView(view.center, view.zoom);
    }
    // The origin's marker comes first in the tab order, so keyboard users start from themselves.
    if (data.origin) { originMarker(map, data.origin, data.interactive).addTo(map); }
    addPlaces(map, data);
    if (data.interactive) { keepFocusWithPopups(map); }
    block.kspMap = map; // for tests and for anyone debugging a page
  }

  function drawAll() {
    if (!window.L) { return; }
    var blocks = document.querySelectorAll("[data-ksp-map]");
    for (var i = 0; i < blocks.length; i += 1) {
      if (!blocks[i].kspMap) { draw(blocks[i]); }
    }
  }

  // Deferred scripts run after the page is parsed, so the data blocks are there already; a small
  // map's files are fetched by site.js later, after the page has loaded.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
