/* The pin map on the place form and the approve page: drag the pin, click the map, or move the
   selected pin with the arrow keys, and the latitude and longitude boxes follow; type in the
   boxes and the pin follows. With the boxes empty, the pin starts where data-start says (the
   postcode's rough position) but writes nothing until it is moved: a rough position is never
   confirmed by leaving it where it was found.
   Progressive enhancement only: without this file, or without Leaflet, the boxes do the job. */
(function () {
  "use strict";

  var STEP = 0.0001; // about 10 metres; Shift moves ten times as far
  var KEYS = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

  function number(input) {
    var text = input.value.trim();
    return /^[-+]?[0-9]+(\.[0-9]+)?$/.test(text) ? parseFloat(text) : NaN;
  }

  function start(block) {
    var latInput = document.getElementById(block.getAttribute("data-lat-input"));
    var lonInput = document.getElementById(block.getAttribute("data-lon-input"));
    var status = block.querySelector("[data-pin-map-status]");
    var box = block.querySelector(".pin-map");
    if (!window.L || !latInput || !lonInput || !box) { return; }
    block.hidden = false;

    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(block.getAttribute("data-tiles-url"), {
      attribution: block.getAttribute("data-tiles-attribution"),
      maxZoom: 19,
      referrerPolicy: "strict-origin-when-cross-origin"
    }).addTo(map);
    var marker = null;

    function typed() {
      var lat = number(latInput), lon = number(lonInput);
      if (isNaN(lat) || isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) { return null; }
      return L.latLng(lat, lon);
    }

    function write(point) {
      latInput.value = point.lat.toFixed(6);
      lonInput.value = point.lng.toFixed(6);
      status.textContent = "Pin moved to latitude " + latInput.value + ", longitude " + lonInput.value + ".";
    }

    function moveBy(event) {
      var step = KEYS[event.key];
      if (!step) { return; }
      L.DomEvent.preventDefault(event);
      L.DomEvent.stopPropagation(event);
      var size = event.shiftKey ? STEP * 10 : STEP;
      var here = marker.getLatLng();
      var point = L.latLng(here.lat + step[0] * size, here.lng + step[1] * size);
      marker.setLatLng(point);
      write(point);
    }

    function pin(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, keyboard: true, alt: "The pin: move it to the place's door" }).addTo(map);
      marker.on("dragend", function () { write(marker.getLatLng()); });
      L.DomEvent.on(marker.getElement(), "keydown", moveBy);
    }

    var here = typed();
    var origin = (block.getAttribute("data-start") || "").split(",");
    if (here) {
      map.setView(here, 17); // first: a marker has no element until the map has a view
      pin(here);
    } else if (origin.length === 3) {
      map.setView([parseFloat(origin[0]), parseFloat(origin[1])], parseInt(origin[2], 10));
      pin(L.latLng(parseFloat(origin[0]), parseFloat(origin[1])));
      status.textContent = block.getAttribute("data-start-words") || "";
    } else {
      var centre = (block.getAttribute("data-centre") || "52.6,-1.1").split(",");
      map.setView([parseFloat(centre[0]), parseFloat(centre[1])], 10);
    }
    map.on("click", function (event) {
      pin(event.latlng);
      write(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = typed();
        if (point) {
          pin(point);
          map.panTo(point);
        }
      });
    });
  }

  document.querySelectorAll("[data-pin-map]").forEach(start);
})();
