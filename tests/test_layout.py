"""docs/layout.md names every module of the package, and nothing that is not there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_layout_page_names_every_module_and_no_other():
    page = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `(safeplaces/[\w/]+\.py)` \|", page, flags=re.MULTILINE))
    on_disk = {path.relative_to(ROOT).as_posix() for path in (ROOT / "safeplaces").rglob("*.py")}
    assert sorted(on_disk - named) == [], "modules missing from docs/layout.md"
    assert sorted(named - on_disk) == [], "docs/layout.md names modules that are not there"
