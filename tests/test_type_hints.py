"""Type hints on the functions of the domain modules (issue 14).

Every module-level function of safeplaces/ (and safeplaces/cards/) whose name does not start
with "_" says the types of its arguments and what it returns. The views (safeplaces/web/), the
app factory and the CLI are thin shells over these and are not held to it.

The private helpers ("_" functions) are held to it too, module by module: every domain module
but those in PRIVATE_NOT_YET, which come off that list once their helpers are hinted.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "safeplaces"
SHELLS = {"__init__.py", "cli.py", "gunicorn_config.py"}
# Helpers not hinted yet: the card package was being changed by others when the rest were done
# (issue 14), so its helpers wait for a quiet moment.
PRIVATE_NOT_YET = {"cards"}


def domain_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "web" or (len(relative.parts) == 1 and path.name in SHELLS):
            continue
        yield relative.as_posix(), path


def unhinted(path, private=False):
    """The module-level functions of path, public or private, missing a hint."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_") == private:
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if node.returns is None or any(argument.annotation is None for argument in arguments):
                yield node.name


def test_public_functions_of_the_domain_modules_have_type_hints():
    missing = {name: list(unhinted(path)) for name, path in domain_modules()}
    assert {name: functions for name, functions in missing.items() if functions} == {}
    assert len(missing) > 40, "every domain module was read"


def test_private_helpers_of_the_domain_modules_have_type_hints():
    held = {name: path for name, path in domain_modules() if name.split("/")[0] not in PRIVATE_NOT_YET}
    missing = {name: list(unhinted(path, private=True)) for name, path in held.items()}
    assert {name: functions for name, functions in missing.items() if functions} == {}
    assert len(held) > 30, "every domain module held to it was read"
    assert "places.py" in held and "hours_rules.py" in held and "cards/faces.py" not in held


def test_every_module_left_out_of_the_private_rule_is_there():
    """A module renamed or removed must come off PRIVATE_NOT_YET, so the list never hides one."""
    names = {name.split("/")[0] for name, _path in domain_modules()}
    assert PRIVATE_NOT_YET <= names
