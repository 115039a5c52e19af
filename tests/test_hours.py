import pytest

from safeplaces import hours


@pytest.mark.parametrize("text", ["", "  ", "24/7", "Mo-Fr 09:00-17:00; PH off", "Mo-Su 20:00-02:00",
                                  "Mo-Fr 09:00-12:30,13:30-17:00"])
def test_valid_or_unknown_hours_have_no_problem(text):
    assert hours.problem(text) is None


@pytest.mark.parametrize("text, where", [("Mo-Fr 9-5", "character 7"), ("bananas", "character 1"),
                                         ("Mo-Fr 09:00-17:00;;", "character")])
def test_invalid_hours_are_refused_with_the_parsers_reason(text, where):
    message = hours.problem(text)
    assert message.startswith("the opening hours are not in the usual format")
    assert where in message
