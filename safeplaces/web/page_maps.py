"""Maps on this site's pages: its tile server, its own copies of Leaflet, a marker for each place.

safeplaces/maps.py makes a map from plain data and knows nothing of requests. This fills in what
only a request knows (the addresses of the static files and of each place's page) and the tile
settings, so every page's map is drawn the same way.
"""

from collections.abc import Mapping

from flask import current_app, url_for

from .. import maps


def place_marker(row: Mapping, is_open: bool | None, status_text: str | None = None) -> dict:
    """A place's marker: its name and page, where it is, and whether it is open (None: not known)."""
    return {
        "name": row["name"],
        "url": url_for("public.place", slug=row["slug"]),
        "lat": row["lat"],
        "lon": row["lon"],
        "open": is_open,
        "status_text": status_text,
    }


def page_map(markers: list[dict], **options: object) -> maps.MapParts:
    """maps.render_map with the site's tiles (SAFEPLACES_TILES_*) and its static files."""
    config = current_app.config
    assets = {key: url_for("static", filename=path) for key, path in maps.ASSET_FILES.items()}
    return maps.render_map(
        markers,
        tiles_url=config["SAFEPLACES_TILES_URL"],
        tiles_attribution=config["SAFEPLACES_TILES_ATTRIBUTION"],
        asset_urls=assets,
        **options,
    )
