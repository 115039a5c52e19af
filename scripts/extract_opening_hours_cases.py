"""Extract the test cases of opening_hours.js into a data file our own tests read.

opening_hours.js (https://github.com/opening-hours/opening_hours.js) is the reference evaluator of
OpenStreetMap's `opening_hours` syntax. Its `test/test.js` states, for each case, the values, a
date range and the exact open intervals the values must give. We use those cases as an oracle for
safeplaces.hours (tests/test_hours_reference.py), so this script reads test.js as data: it
tokenises the JavaScript and evaluates only literal expressions (strings, numbers, arrays,
objects, `+`, `*`, the suite's named constants and its `ignored(value, reason)` marker). It runs
none of the suite's code and copies none of it; a case whose arguments need more than that (dates
computed at run time) is listed under "not_extracted" with the reason, not guessed.

The cases are the suite's work, under the LGPL-3.0-only licence: tests/opening_hours_js/NOTICE.md
says so beside the data, with the licence text.

Usage, from the repository root, after fetching the suite's repository (a git directory will do,
no work tree needed):

    .venv/bin/python scripts/extract_opening_hours_cases.py --git-dir PATH/opening_hours.js/.git
    .venv/bin/python scripts/extract_opening_hours_cases.py --file PATH/test/test.js --source-commit SHA

It writes tests/opening_hours_js/cases.json (or --out) and prints how many cases it extracted.
"""

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "opening_hours_js" / "cases.json"
REPOSITORY = "https://github.com/opening-hours/opening_hours.js"
# The suite's `ignored()` default reason.
NOT_IMPLEMENTED = "not implemented yet"
CALLS = {"addTest", "addShouldFail"}


class Unsupported(Exception):
    """An expression this reader does not evaluate (it needs the suite's code to run)."""


@dataclass
class Token:
    kind: str  # "string", "number", "name" or "punct"
    value: object
    line: int


TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<punct>===|!==|==|!=|<=|>=|=>|\+\+|--|\+=|-=|&&|\|\||\.\.\.|[-+*/%=<>!?:;,.()[\]{}&|^~])
    """,
    re.VERBOSE | re.DOTALL,
)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(body):
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            if body[i + 2] == "{":
                end = body.index("}", i)
                out.append(chr(int(body[i + 3 : end], 16)))
                i = end + 1
            else:
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
            continue
        if nxt == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
            continue
        out.append(ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def tokenise(source):
    tokens, pos, line = [], 0, 1
    while pos < len(source):
        match = TOKEN.match(source, pos)
        if not match:
            # A regular expression literal or something else we never need: keep it as punctuation.
            tokens.append(Token("punct", source[pos], line))
            pos += 1
            continue
        kind, text = match.lastgroup, match.group()
        if kind == "string":
            if text.startswith("`") and "${" in text:
                tokens.append(Token("template", text, line))
            else:
                tokens.append(Token("string", _unescape(text[1:-1]), line))
        elif kind == "number":
            tokens.append(Token("number", float(text) if "." in text else int(text), line))
        elif kind in ("name", "punct"):
            tokens.append(Token(kind, text, line))
        line += text.count("\n")
        pos = match.end()
    return tokens


def _js_string(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if value == int(value) else str(value)
    if isinstance(value, str):
        return value
    raise Unsupported(f"turning {value!r} into a string")


class Nominatim(dict):
    """A place the suite gives for its holidays: a cache key (such as de_bw) or the address given inline."""


class NominatimCache:
    """The suite's `nominatim_by_loc`: member access names a cached place."""


@dataclass
class Ignored:
    value: str
    reason: str


class Reader:
    """Evaluates the literal expressions of test.js, with the suite's constants in `names`."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.builtins = {
            "nominatim_by_loc": NominatimCache(),
            # The suite's messages are compared in its default locale, English (test/test.en.log).
            "argv": {"locale": "en"},
            "undefined": None,
            "null": None,
            "true": True,
            "false": False,
        }
        self.names = dict(self.builtins)

    def peek(self, pos, value=None):
        token = self.tokens[pos] if pos < len(self.tokens) else Token("end", None, -1)
        return token if value is None or (token.kind in ("punct", "name") and token.value == value) else None

    def expect(self, pos, value):
        if not self.peek(pos, value):
            raise Unsupported(f"expected {value!r} at line {self.tokens[pos].line}")
        return pos + 1

    def expression(self, pos):
        """A conditional (`a === b ? c : d`) or a sum."""
        value, pos = self.sum(pos)
        if self.peek(pos, "==="):
            right, pos = self.sum(pos + 1)
            value = value == right
        if self.peek(pos, "?"):
            yes, pos = self.expression(pos + 1)
            no, pos = self.expression(self.expect(pos, ":"))
            value = yes if value else no
        return value, pos

    def sum(self, pos):
        value, pos = self.term(pos)
        while self.peek(pos, "+") or self.peek(pos, "-"):
            operator = self.tokens[pos].value
            right, pos = self.term(pos + 1)
            if operator == "+" and (isinstance(value, str) or isinstance(right, str)):
                value = _js_string(value) + _js_string(right)
            elif operator == "+":
                value = value + right
            else:
                value = value - right
        return value, pos

    def term(self, pos):
        value, pos = self.unary(pos)
        while self.peek(pos, "*") or self.peek(pos, "/"):
            operator = self.tokens[pos].value
            right, pos = self.unary(pos + 1)
            value = value * right if operator == "*" else value / right
        return value, pos

    def unary(self, pos):
        if self.peek(pos, "-"):
            value, pos = self.unary(pos + 1)
            return -value, pos
        return self.postfix(pos)

    def postfix(self, pos):
        value, pos = self.primary(pos)
        while True:
            if self.peek(pos, "."):
                member = self.tokens[pos + 1].value
                if isinstance(value, NominatimCache):
                    value = Nominatim(key=member)
                elif isinstance(value, dict) and member in value:
                    value = value[member]
                else:
                    raise Unsupported(f"member .{member} at line {self.tokens[pos].line}")
                pos += 2
            elif self.peek(pos, "["):
                index, pos = self.expression(pos + 1)
                pos = self.expect(pos, "]")
                if not isinstance(value, list) or not isinstance(index, int):
                    raise Unsupported("indexing")
                value = value[index]
            else:
                return value, pos

    def arguments(self, pos):
        """The expressions of a call's argument list, from just after "(" to just after ")"."""
        values = []
        while not self.peek(pos, ")"):
            value, pos = self.expression(pos)
            values.append(value)
            if self.peek(pos, ","):
                pos += 1
        return values, pos + 1

    def primary(self, pos):
        token = self.tokens[pos]
        if token.kind in ("string", "number"):
            return token.value, pos + 1
        if token.kind == "template":
            raise Unsupported(f"template string at line {token.line}")
        if self.peek(pos, "("):
            value, pos = self.expression(pos + 1)
            return value, self.expect(pos, ")")
        if self.peek(pos, "["):
            items, pos = [], pos + 1
            while not self.peek(pos, "]"):
                item, pos = self.expression(pos)
                items.append(item)
                if self.peek(pos, ","):
                    pos += 1
            return items, pos + 1
        if self.peek(pos, "{"):
            return self.object(pos + 1)
        if self.peek(pos, "new") and self.peek(pos + 1, "Date") and self.peek(pos + 2, "("):
            args, pos = self.arguments(pos + 3)
            if len(args) != 1 or not isinstance(args[0], str):
                raise Unsupported(f"a date computed at run time, line {token.line}")
            return args[0], pos
        if token.kind == "name":
            if self.peek(pos + 1, "("):
                args, end = self.arguments(pos + 2)
                if token.value == "ignored" and 1 <= len(args) <= 2:
                    return Ignored(args[0], args[1] if len(args) == 2 else NOT_IMPLEMENTED), end
                raise Unsupported(f"call of {token.value}() at line {token.line}")
            if token.value in self.names:
                return self.names[token.value], pos + 1
            raise Unsupported(f"the name {token.value} at line {token.line}")
        raise Unsupported(f"{token.value!r} at line {token.line}")

    def object(self, pos):
        found = Nominatim()
        while not self.peek(pos, "}"):
            key = self.tokens[pos].value
            pos = self.expect(pos + 1, ":")
            value, pos = self.expression(pos)
            found[key] = value
            if self.peek(pos, ","):
                pos += 1
        return found, pos + 1

    def skip_expression(self, pos):
        """The position after the expression at `pos`, found by bracket matching (for its source text)."""
        depth = 0
        while pos < len(self.tokens):
            token = self.tokens[pos]
            if token.kind == "punct" and token.value in "([{":
                depth += 1
            elif token.kind == "punct" and token.value in ")]}":
                if depth == 0:
                    return pos
                depth -= 1
            elif token.kind == "punct" and token.value == "," and depth == 0:
                return pos
            pos += 1
        return pos


def _constants(reader):
    """[(name, position, end of its block, value)] of each `const NAME = literal;` (the value
    suffixes, nominatim_default, the expected results some cases share inside a block)."""
    tokens, found, blocks = reader.tokens, [], []
    for pos, token in enumerate(tokens):
        if token.kind == "punct" and token.value == "{":
            blocks.append(pos)
        elif token.kind == "punct" and token.value == "}" and blocks:
            blocks.pop()
        elif token.kind == "name" and token.value == "const" and reader.peek(pos + 2, "="):
            try:
                value, _ = reader.expression(pos + 3)
            except Unsupported:
                continue
            found.append(
                (tokens[pos + 1].value, pos, _block_end(tokens, blocks[-1]) if blocks else len(tokens), value)
            )
    return found


def _block_end(tokens, start):
    depth = 0
    for pos in range(start, len(tokens)):
        if tokens[pos].kind == "punct" and tokens[pos].value == "{":
            depth += 1
        elif tokens[pos].kind == "punct" and tokens[pos].value == "}":
            depth -= 1
            if depth == 0:
                return pos
    return len(tokens)


def _names_at(constants, pos):
    """The constants in scope at `pos`: the latest definition of each name whose block holds it."""
    return {name: value for name, start, end, value in constants if start < pos < end}


def _loops(tokens):
    """{position of "for": (variable, values, position of the loop's closing brace)} for `for (let v = a; v <= b; v++) {`."""
    loops = {}
    for pos, token in enumerate(tokens):
        if token.kind != "name" or token.value != "for":
            continue
        head = [t.value for t in tokens[pos : pos + 14]]
        if head[1:4] != ["(", "let", head[3]] or head[4] != "=" or head[7] != head[3] or head[8] != "<=":
            continue
        variable, first, last = head[3], head[5], head[9]
        depth, end = 0, pos + 14
        while end < len(tokens):
            if tokens[end].value == "{":
                depth += 1
            elif tokens[end].value == "}":
                depth -= 1
                if depth == 0:
                    break
            end += 1
        loops[pos] = (variable, list(range(first, last + 1)), end)
    return loops


def _value(item):
    if isinstance(item, Ignored):
        return item.value, item.reason
    return item, None


def _nominatim(value):
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        return {"invalid": value}  # a case testing that the suite's evaluator refuses a wrong argument
    if "key" in value:
        return {"key": value["key"]}
    address = value.get("address", {})
    return {"country_code": address.get("country_code"), "state": address.get("state")}


def _mode(value):
    """The suite's oh_mode: 0 (time ranges, as opening_hours), 1 (points in time) or 2 (both)."""
    if value is None or value == "test for failure":
        return 0
    if isinstance(value, dict):
        value = value.get("mode", 0)
    return value if value in (0, 1, 2) else {"invalid": value}


def _options(value):
    """oh_mode given as an object: its settings other than the mode (such as tag_key)."""
    return {k: v for k, v in value.items() if k != "mode"} if isinstance(value, dict) else {}


def _as_list(values):
    return values if isinstance(values, list) else [values]


def _add_test(args, name, line):
    values, start, end, intervals = args[1], args[2], args[3], args[4]
    nominatim = args[8] if len(args) > 8 else None
    mode = args[10] if len(args) > 10 else None
    values = _as_list(values)
    if not values:
        return []  # a case whose values are all commented out
    reference, _ = _value(values[0])
    cases = []
    for item in values:
        value, ignored = _value(item)
        cases.append(
            {
                "name": name,
                "line": line,
                "value": value,
                "reference_value": reference,
                "ignored": ignored,
                "from": start,
                "to": end,
                "intervals": [
                    {
                        "from": interval[0],
                        "to": interval[1],
                        "unknown": bool(interval[2]) if len(interval) > 2 else False,
                        "comment": interval[3] if len(interval) > 3 else None,
                    }
                    for interval in intervals
                ],
                "nominatim": _nominatim(nominatim),
                "mode": _mode(mode),
                "options": _options(mode),
            }
        )
    return cases


def _add_should_fail(args, name, line):
    values = _as_list(args[1])
    nominatim = args[2] if len(args) > 2 else None
    mode = args[4] if len(args) > 4 else None
    return [
        {
            "name": name,
            "line": line,
            "value": _value(item)[0],
            "nominatim": _nominatim(nominatim),
            "mode": _mode(mode),
        }
        for item in values
    ]


def extract(source):
    """{"cases": [...], "should_fail": [...], "not_extracted": [...]} from the text of test.js."""
    reader = Reader(tokenise(source))
    constants = _constants(reader)
    tokens, loops = reader.tokens, _loops(reader.tokens)
    found = {"cases": [], "should_fail": [], "not_extracted": []}
    active = []  # (variable, values, end) of the loops around the current position
    for pos, token in enumerate(tokens):
        active = [loop for loop in active if loop[2] > pos]
        if pos in loops:
            active.append(loops[pos])
        if not (
            token.kind == "name"
            and token.value == "test"
            and reader.peek(pos + 1, ".")
            and tokens[pos + 2].value in CALLS
            and reader.peek(pos + 3, "(")
        ):
            continue
        call, line = tokens[pos + 2].value, token.line
        for binding in _bindings(active):
            reader.names = {**_names_at(constants, pos), **reader.builtins, **binding}
            try:
                args, _ = reader.arguments(pos + 4)
                if call == "addTest" and not (isinstance(args[2], str) and isinstance(args[3], str)):
                    raise Unsupported("its date range is not two dates written out")
            except Unsupported as error:
                found["not_extracted"].append({"call": call, "line": line, "reason": str(error)})
                break
            name = args[0]
            if call == "addTest":
                found["cases"].extend(_add_test(args, name, line))
            else:
                found["should_fail"].extend(_add_should_fail(args, name, line))
    return found


def _bindings(active):
    """Each combination of the loop variables in force (one empty binding outside loops)."""
    combos = [{}]
    for variable, values, _ in active:
        combos = [{**combo, variable: value} for combo in combos for value in values]
    return combos


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--git-dir", type=Path, help="a clone (or bare git directory) of opening_hours.js")
    where.add_argument("--file", type=Path, help="test/test.js itself")
    parser.add_argument("--commit", default="HEAD", help="with --git-dir: the commit to read (default HEAD)")
    parser.add_argument("--source-commit", help="with --file: the commit it came from, recorded in the data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.git_dir:
        git = ["git", "--git-dir", str(args.git_dir)]
        commit = subprocess.run([*git, "rev-parse", args.commit], capture_output=True, text=True, check=True)
        commit = commit.stdout.strip()
        show = [*git, "show", f"{commit}:test/test.js"]
        source = subprocess.run(show, capture_output=True, text=True, check=True).stdout
    else:
        source, commit = args.file.read_text(encoding="utf-8"), args.source_commit
    found = extract(source)
    data = {
        "source": {
            "repository": REPOSITORY,
            "path": "test/test.js",
            "commit": commit,
            "licence": "LGPL-3.0-only",
        },
        "timezone": "Europe/Berlin",  # test.js sets TZ; its dates are wall-clock times there
        **found,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(found['cases'])} cases (values with their intervals), {len(found['should_fail'])} values that must "
        f"be refused, {len(found['not_extracted'])} calls not extracted; written to {args.out}"
    )
    for missing in found["not_extracted"]:
        print(f"  not extracted: {missing['call']} at line {missing['line']}: {missing['reason']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
