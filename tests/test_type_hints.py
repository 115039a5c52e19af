"""Type hints on the functions of the domain modules (issue 14).

Every module-level function of safeplaces/ (and safeplaces/cards/) whose name does not start
with "_" says the types of its arguments and what it returns. The views (safeplaces/web/), the
app factory and the CLI are thin shells over these and are not held to it.

The private helpers ("_" functions) are held to it too, and so are the methods of their classes,
dunders included (all but `self` or `cls`). Every domain module is held to both now; a module
that cannot be yet (one being rewritten) goes on PRIVATE_NOT_YET or METHODS_NOT_YET, and comes
off once it is hinted. A function's *args and **kwargs are not checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "safeplaces"
SHELLS = {"__init__.py", "cli.py", "gunicorn_config.py"}
# Modules (or packages, as "cards") whose helpers are not hinted yet: none (issue 14).
PRIVATE_NOT_YET: set[str] = set()
# Modules whose classes' methods are not hinted yet: none (issue 14).
METHODS_NOT_YET: set[str] = set()


def domain_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "web" or (len(relative.parts) == 1 and path.name in SHELLS):
            continue
        yield relative.as_posix(), path


def hinted(node, method=False):
    """Whether a function says what it returns and the types of its arguments (of a method, all
    but the first, `self` or `cls`, unless it is a staticmethod)."""
    arguments = node.args.posonlyargs + node.args.args
    if method and not any(
        getattr(decorator, "id", None) == "staticmethod" for decorator in node.decorator_list
    ):
        arguments = arguments[1:]
    arguments += node.args.kwonlyargs
    return node.returns is not None and all(argument.annotation is not None for argument in arguments)


def unhinted(path, private=False):
    """The module-level functions of path, public or private, missing a hint."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_") == private and not hinted(node):
            yield node.name


def unhinted_methods(path):
    """Class.method for each method of path's classes (nested ones too) missing a hint."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not hinted(item, method=True):
                    yield f"{node.name}.{item.name}"


def test_public_functions_of_the_domain_modules_have_type_hints():
    missing = {name: list(unhinted(path)) for name, path in domain_modules()}
    assert {name: functions for name, functions in missing.items() if functions} == {}
    assert len(missing) > 40, "every domain module was read"


def test_private_helpers_of_the_domain_modules_have_type_hints():
    held = {name: path for name, path in domain_modules() if name.split("/")[0] not in PRIVATE_NOT_YET}
    missing = {name: list(unhinted(path, private=True)) for name, path in held.items()}
    assert {name: functions for name, functions in missing.items() if functions} == {}
    assert len(held) > 30, "every domain module held to it was read"
    assert "places.py" in held and "hours_rules.py" in held and "cards/faces.py" in held


def test_every_module_left_out_of_the_private_rule_is_there():
    """A module renamed or removed must come off PRIVATE_NOT_YET, so the list never hides one."""
    names = {name.split("/")[0] for name, _path in domain_modules()}
    assert PRIVATE_NOT_YET <= names


def test_methods_of_the_domain_modules_have_type_hints():
    held = {name: path for name, path in domain_modules() if name.split("/")[0] not in METHODS_NOT_YET}
    missing = {name: list(unhinted_methods(path)) for name, path in held.items()}
    assert {name: methods for name, methods in missing.items() if methods} == {}
    assert len(held) > 30, "every domain module held to it was read"
    assert "hours_rules.py" in held and "cards/faces.py" in held and "locate.py" in held


def test_every_module_left_out_of_the_method_rule_is_there():
    """As for PRIVATE_NOT_YET: a module renamed or removed must come off METHODS_NOT_YET, and so
    must one whose methods are all hinted now, so that the rule holds it from then on."""
    names = {name.split("/")[0] for name, _path in domain_modules()}
    assert METHODS_NOT_YET <= names
    lacking = {name.split("/")[0] for name, path in domain_modules() if any(unhinted_methods(path))}
    assert METHODS_NOT_YET <= lacking


def test_the_method_rule_sees_what_is_missing(tmp_path):
    """The check finds an unhinted method, a nested class's and a dunder's, and passes self and cls."""
    module = tmp_path / "sample.py"
    module.write_text(
        "class A:\n"
        "    def __init__(self, n: int):\n        pass\n"
        "    def fine(self, n: int) -> int:\n        return n\n"
        "    @classmethod\n    def made(cls) -> 'A':\n        return cls(1)\n"
        "    @staticmethod\n    def plain(n) -> int:\n        return n\n"
        "    class B:\n        def size(self):\n            return 1\n",
        encoding="utf-8",
    )
    assert sorted(unhinted_methods(module)) == ["A.__init__", "A.plain", "B.size"]
