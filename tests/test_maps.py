"""Maps: only our own assets and the tile server, named and escaped markers, a labelled origin."""

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import folium
import pytest
from bs4 import BeautifulSoup

from safeplaces import maps

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
ASSETS = {key: f"/static/{path}" for key, path in maps.ASSET_FILES.items()}
NASTY = 'Tom\'s "Café" <b>&</b> Łódź'
PLACES = [
    {
        "name": NASTY,
        "url": "/places/toms-cafe",
        "lat": 52.6301,
        "lon": -1.1302,
        "open": True,
        "status_text": "Open now until 5pm",
    },
    {
        "name": "Central Library",
        "url": "/places/central-library",
        "lat": 52.6352,
        "lon": -1.1330,
        "open": False,
    },
    {"name": "Corner Shop", "url": "/places/corner-shop", "lat": 52.6402, "lon": -1.1201, "open": None},
]
ORIGIN = {"lat": 52.6365, "lon": -1.1332, "label": "You are here: LE1 5FQ"}
JS_STRING = r'"(?:[^"\\]|\\.)*"'


def render(places=PLACES, **options):
    """render_map with the test tile server and asset URLs."""
    options = {"tiles_url": TILES, "tiles_attribution": ATTRIBUTION, "asset_urls": ASSETS, **options}
    return maps.render_map(places, **options)


def soup(html):
    return BeautifulSoup(html, "html.parser")


def js_strings(script):
    """Every string literal in the script, decoded."""
    return [json.loads(text) for text in re.findall(JS_STRING, script)]


def js_object(text):
    """A JS object literal as folium writes it (quoted keys, trailing commas), as a dict."""
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def div_icons(script):
    """The options of every L.divIcon in the script, in order."""
    return [js_object(text) for text in re.findall(r"L\.divIcon\((\{.*?\})\)", script, re.S)]


def bound(script, method):
    """The decoded content of every .bindPopup / .bindTooltip call in the script."""
    return [json.loads(text) for text in re.findall(rf"\.{method}\(({JS_STRING})", script)]


def marker_names(script):
    """Each place marker's accessible name: the visually hidden text in its icon."""
    return [
        soup(icon["html"]).find(class_="ksp-vh").get_text()
        for icon in div_icons(script)
        if "ksp-origin" not in icon["className"]
    ]


def links_in(html):
    """(href, text) of every link in some HTML."""
    return [(a.get("href"), a.get_text()) for a in soup(html).find_all("a")]


def test_header_is_only_links_to_our_files_with_no_inline_code():
    header = soup(render().header)
    tags = header.find_all(True)
    assert {tag.name for tag in tags} == {"link", "script"}
    assert not header.find_all(["style", "meta"])
    for script in header.find_all("script"):
        assert script.has_attr("defer") and script.string is None
    urls = [tag.get("href") or tag.get("src") for tag in tags]
    assert sorted(urls) == sorted(ASSETS.values())
    assert [link["rel"] for link in header.find_all("link")] == [["stylesheet"], ["stylesheet"]]


def test_header_and_body_point_to_no_other_host():
    parts = render(origin=ORIGIN, list_id="places-list")
    for part in (parts.header, parts.body):
        for tag in soup(part).find_all(True):
            for name in ("src", "href", "srcset", "action", "data", "poster"):
                if tag.has_attr(name):
                    url = urlsplit(tag[name])
                    assert (url.scheme, url.netloc) == ("", ""), (tag.name, tag[name])
            assert not tag.has_attr("style"), tag


def test_script_reaches_only_the_tile_server_and_links_the_attribution():
    # The attribution's links are links a person may follow, not assets the page fetches; the
    # tile server's usage policy requires them. So they are allowed only as <a href> inside the
    # attribution, and the tile URL is the only other absolute URL in the script.
    script = render(origin=ORIGIN).script
    attribution_links = {href for href, _ in links_in(ATTRIBUTION)}
    for text in js_strings(script):
        urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
        if not urls:
            continue
        if text == TILES:
            continue
        assert text == ATTRIBUTION, text
        assert urls == {href for href, _ in links_in(text)} == attribution_links
    hosts = {urlsplit(url).netloc for url in re.findall(r"https?://[^\s\"'\\]+", script)}
    assert hosts == {urlsplit(TILES).netloc} | {urlsplit(url).netloc for url in attribution_links}


def test_folium_cdn_defaults_are_gone_and_not_changed_for_others():
    before = copy.deepcopy((folium.Map.default_js, folium.Map.default_css))
    parts = render(origin=ORIGIN)
    output = parts.header + parts.body + parts.script
    for _, url in folium.Map.default_js + folium.Map.default_css:
        assert url not in output
    for word in ("jquery", "bootstrap", "fontawesome", "font-awesome", "awesome", "glyphicon", "cdn"):
        assert word not in output.lower()
    assert "$(" not in parts.script
    assert (folium.Map.default_js, folium.Map.default_css) == before
    assert "cdn.jsdelivr.net" in folium.Map()._parent.render()


def test_every_place_is_in_the_script_with_its_name_and_page_link():
    script = render().script
    popups = bound(script, "bindPopup")
    for place in PLACES:
        assert [(place["url"], place["name"])] in [links_in(popup) for popup in popups]
        assert any(name.startswith(place["name"] + ", ") for name in marker_names(script))
    assert len(re.findall(r"L\.marker\(", script)) == len(PLACES)


def test_popup_gives_the_status_text_or_plain_words():
    popups = [
        soup(popup).find(class_="ksp-popup-status").get_text()
        for popup in bound(render().script, "bindPopup")
    ]
    assert popups == ["Open now until 5pm", "Closed now", "Opening times not known"]


def test_map_is_a_region_named_for_the_page():
    body = soup(render(map_name="Map of the 5 nearest places").body)
    region = body.find(attrs={"role": "region"})
    assert region["aria-label"] == "Map of the 5 nearest places"
    assert region["id"] == "safe-places-map" and "ksp-map" in region["class"]


def test_map_is_hidden_until_the_script_shows_it():
    parts = render()
    block = soup(parts.body).find(class_="ksp-map-block")
    assert block.has_attr("hidden")
    assert 'getElementById("safe-places-map-block")' in parts.script
    assert "block.hidden = false" in parts.script
    assert "window.L" in parts.script


def test_open_closed_and_unknown_differ_by_shape_class_and_name():
    script = render().script
    classes = [icon["className"] for icon in div_icons(script)]
    assert classes == ["ksp-marker ksp-open", "ksp-marker ksp-closed", "ksp-marker ksp-unknown"]
    assert [name.rsplit(", ", 1)[1] for name in marker_names(script)] == [
        "open now",
        "closed now",
        "opening times not known",
    ]
    css = (STATIC / "css" / "map.css").read_text()
    assert re.search(r"\.ksp-open::before \{[^}]*border-radius: 50%", css)
    assert re.search(r"\.ksp-closed::before \{[^}]*border-radius: 2px", css)
    assert re.search(r"\.ksp-unknown::before \{[^}]*rotate\(45deg\)", css)


def test_key_lists_the_marker_kinds_shown():
    key = soup(render(PLACES[:2], origin=ORIGIN).body).find("ul", class_="ksp-map-key")
    assert [li.get_text(strip=True) for li in key.find_all("li")] == [
        "Open now",
        "Closed now",
        "Where you are",
    ]
    for swatch in key.find_all(class_="ksp-marker"):
        assert swatch["aria-hidden"] == "true"


def test_symbol_text_is_hidden_from_the_marker_name():
    icon = div_icons(render().script)[2]
    html = soup(icon["html"])
    assert html.find(class_="ksp-symbol")["aria-hidden"] == "true"
    assert html.find(class_="ksp-vh").get_text() == "Corner Shop, opening times not known"


def test_markers_are_keyboard_focusable_with_tooltips():
    script = render().script
    assert script.count('"keyboard": true') == len(PLACES)
    assert bound(script, "bindTooltip") == [
        "Tom&#x27;s &quot;Café&quot; &lt;b&gt;&amp;&lt;/b&gt; Łódź, open now",
        "Central Library, closed now",
        "Corner Shop, opening times not known",
    ]


def test_origin_is_marked_and_labelled():
    script = render(origin=ORIGIN).script
    origin_icons = [icon for icon in div_icons(script) if "ksp-origin" in icon["className"]]
    assert len(origin_icons) == 1
    assert soup(origin_icons[0]["html"]).get_text() == ORIGIN["label"]
    assert [soup(popup).get_text() for popup in bound(script, "bindPopup")][0] == ORIGIN["label"]
    # First in the tab order, drawn above the places.
    assert "ksp-origin" in div_icons(script)[0]["className"]
    assert '"zIndexOffset": 1000' in script


def test_nasty_names_cannot_inject_markup_or_end_the_script():
    nasty_origin = {**ORIGIN, "label": "You are <b>here</b> & </script>"}
    parts = render(origin=nasty_origin, map_name=NASTY)
    assert "<" not in parts.script
    for text in js_strings(parts.script):
        assert "<" not in text or soup(text).find(["b", "script"]) is None, text
    body = soup(parts.body)
    assert body.find("b") is None
    assert body.find(attrs={"role": "region"})["aria-label"] == NASTY
    names = [soup(popup).get_text() for popup in bound(parts.script, "bindPopup")]
    assert names[0] == "You are <b>here</b> & </script>"
    assert names[1].startswith(NASTY)


def test_unsafe_place_urls_are_refused():
    with pytest.raises(ValueError, match="relative or http"):
        render([{**PLACES[1], "url": "javascript:alert(1)"}])


def test_missing_asset_urls_are_refused():
    with pytest.raises(ValueError, match="map_js"):
        render(asset_urls={k: v for k, v in ASSETS.items() if k != "map_js"})


def test_zero_places_centres_the_map():
    parts = render([], centre=(52.64, -1.13), zoom=11)
    assert "L.marker(" not in parts.script and "fitBounds" not in parts.script
    assert re.search(r'"center": \[\s*52\.64,\s*-1\.13,?\s*\]', parts.script)
    assert soup(parts.body).find("ul") is None
    assert '"zoom": 11' in render([], centre=(52.64, -1.13), zoom=11).script
    assert '"center"' in render([]).script


def test_origin_only():
    parts = render([], origin=ORIGIN)
    assert parts.script.count("L.marker(") == 1
    assert "fitBounds" in parts.script and '"center"' not in parts.script
    key = soup(parts.body).find("ul", class_="ksp-map-key")
    assert [li.get_text(strip=True) for li in key.find_all("li")] == ["Where you are"]


def test_fits_the_view_to_places_and_origin_without_a_first_view():
    script = render(origin=ORIGIN).script
    bounds = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", script).group(1))
    assert bounds == [[52.6301, -1.1332], [52.6402, -1.1201]]
    assert '"maxZoom": 16' in script and '"center"' not in script


def test_place_map_is_small_and_named_for_the_place():
    parts = maps.render_map(
        [PLACES[1]],
        origin=ORIGIN,
        size="small",
        map_name="Map of Central Library",
        tiles_url=TILES,
        tiles_attribution=ATTRIBUTION,
        asset_urls=ASSETS,
    )
    region = soup(parts.body).find(attrs={"role": "region"})
    assert region["aria-label"] == "Map of Central Library"
    assert "ksp-map--small" in region["class"]
    assert parts.script.count("L.marker(") == 2


def test_skip_link_goes_to_the_list():
    skip = soup(render(list_id="places-list").body).find("a", class_="ksp-map-skip")
    assert skip["href"] == "#places-list"
    assert soup(render().body).find("a") is None


def test_tile_requests_send_only_our_origin():
    assert '"referrerPolicy": "strict-origin-when-cross-origin"' in render().script


def test_output_is_reproducible_and_self_contained():
    assert render(origin=ORIGIN) == render(origin=ORIGIN)
    script = render().script
    assert script.startswith('document.addEventListener("DOMContentLoaded", function () {')
    assert "KeepSafeMap.enhance(map_0)" in script


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_script_and_map_js_are_valid_javascript(tmp_path):
    path = tmp_path / "map-script.js"
    path.write_text(render(origin=ORIGIN).script)
    for file in (path, STATIC / "js" / "map.js"):
        result = subprocess.run(["node", "--check", str(file)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_leaflet_is_vendored_with_its_licence():
    vendor = STATIC / "vendor" / "leaflet"
    assert "Leaflet 1.9.4" in (vendor / "leaflet.js").read_text()[:200]
    assert "BSD 2-Clause" in (vendor / "LICENSE").read_text()
    readme = (vendor / "README.md").read_text()
    assert "1.9.4" in readme and "BSD-2-Clause" in readme and "npm" in readme
    for url in re.findall(r"url\(([^)#]+)\)", (vendor / "leaflet.css").read_text()):
        assert (vendor / url.strip("'\"")).is_file(), url
    for path in maps.ASSET_FILES.values():
        assert (STATIC / path).is_file(), path


def test_our_map_css_and_js_load_nothing_from_elsewhere():
    for path in (STATIC / "css" / "map.css", STATIC / "js" / "map.js"):
        text = path.read_text()
        assert not re.search(r"https?://|url\(|@import", text), path


def test_small_maps_show_places_without_making_them_controls():
    """The list beside a small map holds the links; overlapping markers would be poor targets."""
    parts = maps.render_map(
        [{"name": "Near", "url": "/places/near", "lat": 52.6, "lon": -1.1, "open": True}],
        origin={"lat": 52.61, "lon": -1.1, "label": "You are here: LE1"},
        size="small",
        tiles_url=TILES,
        tiles_attribution=ATTRIBUTION,
        asset_urls=ASSETS,
    )
    assert '"interactive": false' in parts.script and '"keyboard": false' in parts.script
    assert "bindPopup" not in parts.script and "bindTooltip" not in parts.script
    assert "Near, open now" in parts.script and "You are here: LE1" in parts.script
