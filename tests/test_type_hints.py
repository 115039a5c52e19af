"""Type hints on the public functions of the domain modules (issue 14).

Every module-level function of safeplaces/ (and safeplaces/cards/) whose name does not start
with "_" says the types of its arguments and what it returns. The views (safeplaces/web/), the
app factory and the CLI are thin shells over these and are not held to it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "safeplaces"
SHELLS = {"__init__.py", "cli.py", "gunicorn_config.py"}


def domain_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "web" or (len(relative.parts) == 1 and path.name in SHELLS):
            continue
        yield relative.as_posix(), path


def unhinted(path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if node.returns is None or any(argument.annotation is None for argument in arguments):
                yield node.name


def test_public_functions_of_the_domain_modules_have_type_hints():
    missing = {name: list(unhinted(path)) for name, path in domain_modules()}
    assert {name: functions for name, functions in missing.items() if functions} == {}
    assert len(missing) > 40, "every domain module was read"
