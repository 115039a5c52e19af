"""App-wide settings: sizes, addresses, and configuration from the environment."""

from safeplaces import config


def test_an_enormous_id_is_simply_not_found(client):
    assert client.get("/api/v1/places/99999999999999999999").status_code == 404
    assert client.get("/manage/places/99999999999999999999").status_code == 302  # sign in first


def test_a_huge_form_is_refused_in_plain_words(client):
    response = client.post("/apply", data={"name": "x" * (config.MAX_REQUEST_BYTES + 1)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_printed_addresses_use_the_base_url_or_the_address_reached(app):
    from safeplaces.web.settings import printed_url

    app.config["TRUSTED_HOSTS"].append("keepsafe.example.org")  # as SAFEPLACES_TRUSTED_HOSTS would
    with app.test_request_context("/", base_url="https://keepsafe.example.org"):
        assert printed_url("/find") == "https://keepsafe.example.org/find"
    app.config["SAFEPLACES_BASE_URL"] = "https://places.example.gov.uk/"
    with app.test_request_context("/"):
        assert printed_url("/places/x") == "https://places.example.gov.uk/places/x"


def test_list_settings_from_the_environment_are_one_item_a_line():
    found = config.from_environment(
        {
            "SAFEPLACES_ATTRIBUTION": "Line one\n  Line two \n\n",
            "SAFEPLACES_SEARCH_RADIUS_KM": "20",
            "HOME": "/root",
        }
    )
    assert found == {"SAFEPLACES_ATTRIBUTION": ["Line one", "Line two"], "SAFEPLACES_SEARCH_RADIUS_KM": 20.0}


def test_times_far_outside_planning_range_are_refused(client):
    for when in ("9999-12-31T23:00", "0001-01-01T00:00+14:00"):
        response = client.get(f"/api/v1/help?q=LE1&at={when}")
        assert response.status_code == 400, when
