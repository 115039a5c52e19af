"""Maps: only our own assets and the tile server, markers as data, escaped names, a labelled origin."""

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from safeplaces import maps

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
ASSETS = {key: f"/static/{path}" for key, path in maps.ASSET_FILES.items()}
NASTY = 'Tom\'s "Café" <b>&</b> Łódź </script><!--'
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


def render(places=PLACES, **options):
    """render_map with the test tile server and asset URLs."""
    options = {
        "tiles_url": TILES,
        "tiles_attribution": ATTRIBUTION,
        "asset_urls": ASSETS,
        "map_name": "Map of Keep Safe Places",
        **options,
    }
    return maps.render_map(places, **options)


def soup(html):
    return BeautifulSoup(html, "html.parser")


def data_of(parts):
    """The map's data block, parsed as the browser's JSON.parse would."""
    block = soup(parts.body).find("script", type="application/json")
    return json.loads(block.string)


def rows(parts):
    """Each place's row as a dict: lat, lon, name, url, kind, status (the words)."""
    data = data_of(parts)
    return [
        dict(zip(("lat", "lon", "name", "url", "kind"), row[:5], strict=True))
        | {"status": data["statuses"][row[5]]}
        for row in data["places"]
    ]


def test_header_is_only_links_to_our_files_with_no_inline_code():
    header = soup(render().header)
    tags = header.find_all(True)
    assert {tag.name for tag in tags} == {"link", "script"}
    assert not header.find_all(["style", "meta"])
    for script in header.find_all("script"):
        assert script.has_attr("defer") and script.string is None
    urls = [tag.get("href") or tag.get("src") for tag in tags]
    assert sorted(urls) == sorted(ASSETS.values())
    scripts = [tag["src"] for tag in header.find_all("script")]
    assert scripts == [ASSETS["leaflet_js"], ASSETS["cluster_js"], ASSETS["map_js"]], "in the order they need"


def test_a_small_map_leaves_its_files_to_be_fetched_when_needed_and_never_clusters():
    small = render(size="small")
    assert small.header == ""
    data = json.loads(soup(small.body).find("script", type="application/json").string)
    assert data["files"] == {
        "css": [ASSETS["leaflet_css"], ASSETS["map_css"]],
        "js": [ASSETS["leaflet_js"], ASSETS["map_js"]],
    }
    assert "files" not in json.loads(soup(render().body).find("script", type="application/json").string)


def test_the_page_runs_no_inline_script():
    body = soup(render(origin=ORIGIN, list_id="places-list").body)
    scripts = body.find_all("script")
    assert [script["type"] for script in scripts] == ["application/json"], "data, which browsers never run"
    assert not body.find_all(attrs={"style": True})
    for tag in body.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], tag


def test_header_and_body_point_to_no_other_host():
    parts = render(origin=ORIGIN, list_id="places-list")
    for part in (parts.header, parts.body):
        for tag in soup(part).find_all(True):
            for name in ("src", "href", "srcset", "action", "data", "poster"):
                if tag.has_attr(name):
                    url = urlsplit(tag[name])
                    assert (url.scheme, url.netloc) == ("", ""), (tag.name, tag[name])


def test_the_data_reaches_only_the_tile_server_and_links_the_attribution():
    data = data_of(render(origin=ORIGIN))
    assert data["tiles"] == {"url": TILES, "attribution": ATTRIBUTION, "maxZoom": 19}
    rest = json.dumps({key: value for key, value in data.items() if key != "tiles"})
    assert not re.search(r"https?://", rest), "only the tiles and their attribution name another host"


def test_every_place_is_in_the_data_as_one_short_row():
    data = data_of(render())
    assert [row["name"] for row in rows(render())] == [place["name"] for place in PLACES]
    assert [row["url"] for row in rows(render())] == [place["url"] for place in PLACES]
    assert all(len(row) == 6 for row in data["places"])
    assert [row[:2] for row in data["places"]][0] == [52.6301, -1.1302]


def test_positions_are_rounded_to_about_a_metre():
    place = {**PLACES[1], "lat": 52.635212345678, "lon": -1.133049876543}
    assert data_of(render([place]))["places"][0][:2] == [52.63521, -1.13305]


def test_status_words_are_given_once_for_the_places_that_share_them():
    same = [
        {**PLACES[1], "url": f"/places/{n}", "status_text": "Closed now. Opens today at 9am"}
        for n in range(5)
    ]
    data = data_of(render(same + [PLACES[0]]))
    assert data["statuses"] == ["Closed now. Opens today at 9am", "Open now until 5pm"]
    assert [row[5] for row in data["places"]] == [0, 0, 0, 0, 0, 1]


def test_popup_status_is_the_status_text_or_plain_words():
    assert [row["status"] for row in rows(render())] == [
        "Open now until 5pm",
        "Closed now",
        "Opening times not known",
    ]


def test_open_closed_and_unknown_differ_by_kind_words_and_shape():
    assert [row["kind"] for row in rows(render())] == ["open", "closed", "unknown"]
    words = data_of(render())["words"]
    assert (words["open"], words["closed"], words["unknown"]) == (
        "open now",
        "closed now",
        "opening times not known",
    )
    assert data_of(render())["symbols"] == {"unknown": "?"}
    css = (STATIC / "css" / "map.css").read_text()
    assert re.search(r"\.ksp-open::before \{[^}]*border-radius: 50%", css)
    assert re.search(r"\.ksp-closed::before \{[^}]*border-radius: 2px", css)
    assert re.search(r"\.ksp-unknown::before \{[^}]*rotate\(45deg\)", css)
    assert re.search(r"\.ksp-group-badge::after \{[^}]*rotate\(45deg\)", css), "an open group has a tick"


def test_map_js_draws_open_places_above_the_others():
    script = (STATIC / "js" / "map.js").read_text()
    assert re.search(r'zIndexOffset: kind === "open" \? OPEN_ABOVE : 0', script)
    assert re.search(r"group\.options\.zIndexOffset = open \? OPEN_ABOVE : 0", script)
    above = {name: int(value) for name, value in re.findall(r"var (\w+_ABOVE) = (\d+);", script)}
    assert above["ORIGIN_ABOVE"] > above["OPEN_ABOVE"] > 0


def test_large_maps_group_markers_and_small_maps_do_not():
    large, small = data_of(render()), data_of(render(size="small"))
    assert (large["interactive"], large["cluster"]) == (True, True)
    assert (small["interactive"], small["cluster"]) == (False, False)
    assert large["words"]["group"] == "{count} places here"


def test_map_is_a_region_named_for_the_page():
    body = soup(render(map_name="Map of the 5 nearest places").body)
    region = body.find(attrs={"role": "region"})
    assert region["aria-label"] == "Map of the 5 nearest places"
    assert region["id"] == "safe-places-map" and "ksp-map" in region["class"]


def test_map_is_hidden_until_the_script_shows_it_and_names_its_data():
    body = soup(render().body)
    block = body.find(class_="ksp-map-block")
    assert block.has_attr("hidden")
    assert block["data-ksp-map"] == "safe-places-map-data"
    assert body.find("script", id="safe-places-map-data")["type"] == "application/json"


def test_key_lists_the_marker_kinds_shown():
    key = soup(render(PLACES[:2], origin=ORIGIN).body).find("ul", class_="ksp-map-key")
    assert [li.get_text(" ", strip=True) for li in key.find_all("li")] == [
        "Open now",
        "Closed now",
        "3 Places close together: select to zoom in",
        "3 Places close together, some open now",
        "Where you are",
    ]
    for swatch in key.find_all(class_="ksp-marker"):
        assert swatch["aria-hidden"] == "true"
    small = soup(render(PLACES[1:2], size="small").body).find("ul", class_="ksp-map-key")
    assert [li.get_text(strip=True) for li in small.find_all("li")] == ["Closed now"]


def test_origin_is_in_the_data_with_its_label():
    data = data_of(render(origin=ORIGIN))
    assert data["origin"] == {"lat": 52.6365, "lon": -1.1332, "label": ORIGIN["label"]}
    assert data_of(render())["origin"] is None


def test_nasty_names_cannot_end_the_data_or_inject_markup():
    nasty_origin = {**ORIGIN, "label": "You are <b>here</b> & </script>"}
    parts = render(origin=nasty_origin, map_name=NASTY)
    block = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', parts.body, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = data_of(parts)
    assert data["origin"]["label"] == "You are <b>here</b> & </script>"
    assert data["places"][0][2] == NASTY, "the name arrives exactly as written, for map.js to set as text"
    body = soup(parts.body)
    assert body.find("b") is None
    assert body.find(attrs={"role": "region"})["aria-label"] == NASTY


def test_map_js_sets_names_as_text_never_as_html():
    script = (STATIC / "js" / "map.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "textContent" in script


def test_unsafe_place_urls_are_refused():
    with pytest.raises(ValueError, match="relative or http"):
        render([{**PLACES[1], "url": "javascript:alert(1)"}])


def test_missing_asset_urls_are_refused():
    with pytest.raises(ValueError, match="cluster_js"):
        render(asset_urls={k: v for k, v in ASSETS.items() if k != "cluster_js"})


def test_zero_places_centres_the_map():
    data = data_of(render([], centre=(52.64, -1.13), zoom=11))
    assert data["view"] == {"center": [52.64, -1.13], "zoom": 11}
    assert data["places"] == []
    assert soup(render([], centre=(52.64, -1.13)).body).find("ul") is None
    assert data_of(render([]))["view"] == {"center": [54.0, -2.5], "zoom": 6}


def test_origin_only():
    parts = render([], origin=ORIGIN)
    assert data_of(parts)["view"]["bounds"] == [[52.6365, -1.1332], [52.6365, -1.1332]]
    key = soup(parts.body).find("ul", class_="ksp-map-key")
    assert [li.get_text(strip=True) for li in key.find_all("li")] == ["Where you are"]


def test_fits_the_view_to_places_and_origin():
    view = data_of(render(origin=ORIGIN))["view"]
    assert view == {"bounds": [[52.6301, -1.1332], [52.6402, -1.1201]], "maxZoom": 16, "padding": 32}


def test_with_an_origin_it_opens_on_the_nearest_places_not_the_whole_area():
    far = [{**PLACES[1], "url": f"/places/far-{n}", "lat": 52.9 + n / 100, "lon": -0.6} for n in range(20)]
    view = data_of(render(PLACES + far, origin=ORIGIN, fit_nearest=3))["view"]
    assert view["bounds"] == [[52.6301, -1.1332], [52.6402, -1.1201]]
    assert data_of(render(PLACES + far, fit_nearest=3))["view"]["bounds"][1][0] == 53.09, "no origin: all"


def test_small_maps_show_places_without_making_them_controls():
    data = data_of(render(PLACES[:1], origin=ORIGIN, size="small"))
    assert data["interactive"] is False
    assert soup(render(PLACES[:1], size="small").body).find("a") is None


def test_skip_link_goes_to_the_list():
    skip = soup(render(list_id="places-list").body).find("a", class_="ksp-map-skip")
    assert skip["href"] == "#places-list"
    assert soup(render().body).find("a") is None


def test_tile_requests_send_only_our_origin():
    assert 'referrerPolicy: "strict-origin-when-cross-origin"' in (STATIC / "js" / "map.js").read_text()


def test_output_is_reproducible():
    assert render(origin=ORIGIN) == render(origin=ORIGIN)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_map_js_is_valid_javascript():
    result = subprocess.run(
        ["node", "--check", str(STATIC / "js" / "map.js")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_leaflet_and_markercluster_are_vendored_with_their_licences():
    vendor = STATIC / "vendor" / "leaflet"
    assert "Leaflet 1.9.4" in (vendor / "leaflet.js").read_text()[:200]
    assert "BSD 2-Clause" in (vendor / "LICENSE").read_text()
    readme = (vendor / "README.md").read_text()
    assert "1.9.4" in readme and "BSD-2-Clause" in readme and "npm" in readme
    for url in re.findall(r"url\(([^)#]+)\)", (vendor / "leaflet.css").read_text()):
        assert (vendor / url.strip("'\"")).is_file(), url
    cluster = STATIC / "vendor" / "leaflet.markercluster"
    assert "L.MarkerClusterGroup" in (cluster / "leaflet.markercluster.js").read_text()
    assert "Copyright 2012 David Leaver" in (cluster / "LICENSE").read_text()
    readme = (cluster / "README.md").read_text()
    assert "1.5.3" in readme and "MIT" in readme and "npm pack leaflet.markercluster" in readme
    assert "url(" not in (cluster / "MarkerCluster.css").read_text()
    for path in maps.ASSET_FILES.values():
        assert (STATIC / path).is_file(), path


def test_our_map_css_and_js_load_nothing_from_elsewhere():
    for path in (STATIC / "css" / "map.css", STATIC / "js" / "map.js"):
        text = path.read_text()
        assert not re.search(r"https?://|url\(|@import", text), path
