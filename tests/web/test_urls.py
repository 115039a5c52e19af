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
]


def test_public_addresses_never_change(app):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert [url for url in PUBLIC_URLS if url not in rules] == []
