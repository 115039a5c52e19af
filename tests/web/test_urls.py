"""Public addresses are printed on cards and posters: removing or renaming one must fail here.

Add each public address to this list as it is built; never take one away.
"""

PUBLIC_URLS = [
    "/",
    "/find",
    "/places/<slug>",
    "/places/<slug>/photo",
    "/api/v1/places/nearest",
    "/api/v1/places/<int:place_id>",
    "/api/v1/help",
    "/help-now",
    "/map",
    "/easy-read/",
    "/easy-read/<page>",
    "/cards/new",
    "/cards/batch",
    "/apply",
    "/open-data",
    "/places.geojson",
    "/places.csv",
    "/openreferral/v3/",
    "/openreferral/v3/services",
    "/openreferral/v3/services/<service_id>",
    "/openreferral/v3/service_at_locations",
    "/openreferral/v3/service_at_locations/<link_id>",
]


def test_public_addresses_never_change(app):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert [url for url in PUBLIC_URLS if url not in rules] == []
