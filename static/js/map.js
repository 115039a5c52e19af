/* Keep Safe Places map: keyboard and focus help for maps made by safeplaces/maps.py.
   The map works without this file (markers are named and open their popup with Enter); this
   makes markers act fully as buttons (Space too), moves focus into a popup when it opens and
   back to its marker when it closes, and lets Escape close a popup from anywhere in the map. */
(function () {
  "use strict";

  function isSpace(event) {
    return event.key === " " || event.key === "Spacebar";
  }

  function isEscape(event) {
    return event.key === "Escape" || event.key === "Esc";
  }

  function focusQuietly(element) {
    // preventScroll: scrolling Leaflet's overflow-hidden container would shift the map.
    try {
      element.focus({ preventScroll: true });
    } catch (error) {
      element.focus();
    }
  }

  function spaceOpensPopup(layer) {
    var element = layer.getElement && layer.getElement();
    if (!(layer instanceof L.Marker) || !element || !layer.getPopup()) { return; }
    L.DomEvent.on(element, "keydown", function (event) {
      if (!isSpace(event)) { return; }
      L.DomEvent.preventDefault(event);
      layer.togglePopup();
    });
  }

  function enhance(map) {
    var container = map.getContainer();
    var opener = null;

    map.eachLayer(spaceOpensPopup);

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

  window.KeepSafeMap = { enhance: enhance };
}());
