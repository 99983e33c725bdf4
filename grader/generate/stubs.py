"""`uv run grader stubs`: the learner's stubs, generated from the single source.

solutions/s13_cnn/<part>/<module>.py is the only hand-written module of a part. Markers:

- `# BEGIN SOLUTION` ... `# END SOLUTION` inside a function or method body: what the
  learner writes. The stub replaces the block by one `raise NotImplementedError("<part>:
  implement <qualname> (see <README>)")` at the same indentation; the lines before it (the
  docstring, the shape-unpacking lines) stay.
- The same pair at module level: solution-only code (a private helper), dropped.
- `# GIVEN` on the line above a `def` or `class`: given complete, copied (without the
  marker line). Every other function and method must hold a solution block, so that a
  forgotten marker is an error, never a solution leaked into the stub.
- A given module (Part.given, like lenet/layers.py) starts with a `# GIVEN` line and is
  copied verbatim, as is each part's `__init__.py`.

`grader stubs --check` writes nothing: it lists the stubs that differ and exits 1.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import PACKAGE, PARTS, Part
from coursekit.seam import PROJECT_ROOT

BEGIN, END, GIVEN = "# BEGIN SOLUTION", "# END SOLUTION", "# GIVEN"
LINE_LENGTH = 100  # ruff's line-length: a longer raise is wrapped as ruff format wraps it


class MarkerError(ValueError):
    """The single source's markers are malformed; the message says where."""


@dataclass(frozen=True)
class Output:
    """One file of stages/ and the text the generator gives it."""

    rel: str  # relative to s13_cnn/
    text: str


def stub_text(source: str, part: Part, where: str = "<source>") -> str:
    """The stub of one learner module: `source` with its solution blocks replaced."""
    lines = source.splitlines(keepends=True)
    defs = _defs(ast.parse(source, where))
    markers = _markers(source)  # 0-based line index -> marker, comments only (no strings)
    solved: set[Def] = set()
    dropped: list[range] = []  # module-level blocks, 1-based lines
    out: list[str] = []
    skip_blank = False
    blocks = _blocks(markers, lines, where)
    i = 0
    while i < len(lines):
        if i in blocks:
            owner = _owner(defs, i + 1)
            if owner is None:  # module level: dropped, with the blank lines after it
                skip_blank = not out or not out[-1].strip()  # ... unless code precedes it
                dropped.append(range(i + 1, blocks[i] + 2))
            elif owner.is_class:
                raise MarkerError(f"{where}:{i + 1}: a solution block in a class body")
            else:
                solved.add(owner)
                out.append(_raise(lines[i][: _indent(lines[i])], part, owner.qualname))
            i = blocks[i] + 1
            continue
        skip_blank = skip_blank and not lines[i].strip()
        if not skip_blank and markers.get(i) != GIVEN:
            out.append(lines[i])
        i += 1
    given = [d for d in defs if markers.get(d.first - 2) == GIVEN]
    for d in defs:
        exempt = any(g.holds(d) for g in given) or any(d.first in r for r in dropped)
        if d.checked and d not in solved and not exempt:
            raise MarkerError(
                f"{where}:{d.first}: {d.qualname} has no {BEGIN} block and no {GIVEN} line above"
            )
    return "".join(out)


def outputs(root: Path = PROJECT_ROOT, parts: Sequence[Part] = PARTS) -> list[Output]:
    """Every generated file of stages/s13_cnn, from solutions/s13_cnn."""
    src = root / "solutions" / PACKAGE
    made = []
    for part in parts:
        init = f"{part.name}/__init__.py"
        made.append(Output(init, (src / init).read_text(encoding="utf-8")))
        for rel in part.learner_files:
            text = (src / rel).read_text(encoding="utf-8")
            made.append(Output(rel, stub_text(text, part, f"solutions/{PACKAGE}/{rel}")))
        for rel in part.given_files:
            text = (src / rel).read_text(encoding="utf-8")
            if GIVEN not in text.splitlines()[:3]:
                raise MarkerError(f"solutions/{PACKAGE}/{rel}: a given module starts with {GIVEN}")
            made.append(Output(rel, text))
    return made


def differing(root: Path = PROJECT_ROOT, parts: Sequence[Part] = PARTS) -> list[str]:
    """The stages/s13_cnn files that differ from what the generator writes."""
    return [o.rel for o in outputs(root, parts) if not _current(root, o)]


def write(root: Path = PROJECT_ROOT, parts: Sequence[Part] = PARTS) -> list[str]:
    """Writes the stubs that differ; -> their paths relative to s13_cnn/."""
    changed = []
    for o in outputs(root, parts):
        if not _current(root, o):
            path = root / "stages" / PACKAGE / o.rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(o.text, encoding="utf-8")
            changed.append(o.rel)
    return changed


def _current(root: Path, o: Output) -> bool:
    path = root / "stages" / PACKAGE / o.rel
    return path.is_file() and path.read_text(encoding="utf-8") == o.text


def main(check: bool, root: Path = PROJECT_ROOT) -> int:
    try:
        changed = differing(root) if check else write(root)
    except (MarkerError, SyntaxError) as exc:
        print(f"grader stubs: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:  # a handout has no solutions/
        print(f"grader stubs: no single source to generate from: {exc}", file=sys.stderr)
        return 2
    where = f"stages/{PACKAGE}/"
    for rel in changed:
        print(("differs: " if check else "wrote: ") + where + rel)
    if check and changed:
        print("run `uv run grader stubs` to regenerate them", file=sys.stderr)
        return 1
    if not changed:
        print(f"every stub in {where} is up to date")
    return 0


# -- helpers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Def:
    """A def or class statement: its lines (1-based, decorators included) and qualname."""

    first: int
    last: int
    qualname: str
    is_class: bool
    checked: bool  # a top-level function or a method of a top-level class

    def holds(self, other: Def) -> bool:
        return self.first <= other.first and other.last <= self.last


def _defs(tree: ast.Module) -> list[Def]:
    found: list[Def] = []

    def visit(node: ast.AST, prefix: str, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                is_class = isinstance(child, ast.ClassDef)
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                name = prefix + child.name
                found.append(Def(first, child.end_lineno, name, is_class, top and not is_class))
                visit(child, name + ".", top and is_class and not prefix)

    visit(tree, "", True)
    return found


def _markers(source: str) -> dict[int, str]:
    """0-based line index -> marker, for each comment that is a marker and a line alone."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT and tok.string in (BEGIN, END, GIVEN):
            if tok.line.strip() == tok.string:
                found[tok.start[0] - 1] = tok.string
    return found


def _blocks(markers: dict[int, str], lines: list[str], where: str) -> dict[int, int]:
    """BEGIN line index -> END line index (0-based), each pair at one indentation."""
    pairs, start = {}, None
    for i, text in sorted(markers.items()):
        line = lines[i]
        if text == BEGIN:
            if start is not None:
                raise MarkerError(f"{where}:{i + 1}: {BEGIN} inside another block")
            start = i
        elif text == END:
            if start is None:
                raise MarkerError(f"{where}:{i + 1}: {END} without a {BEGIN}")
            if _indent(line) != _indent(lines[start]):
                raise MarkerError(f"{where}:{i + 1}: {END} not indented like its {BEGIN}")
            pairs[start], start = i, None
    if start is not None:
        raise MarkerError(f"{where}:{start + 1}: {BEGIN} without an {END}")
    return pairs


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _owner(defs: list[Def], begin: int) -> Def | None:
    """The innermost def or class whose body holds the block that starts on line `begin`
    (its END may follow the last statement: ast's end_lineno never counts comments)."""
    holding = [d for d in defs if d.first < begin <= d.last]
    return max(holding, key=lambda d: d.first, default=None)


def _raise(indent: str, part: Part, qualname: str) -> str:
    message = f'"{part.name}: implement {qualname} (see {part.readme})"'
    line = f"{indent}raise NotImplementedError({message})\n"
    if len(line) - 1 <= LINE_LENGTH:
        return line
    if len(indent) + 4 + len(message) > LINE_LENGTH:  # two literals, implicitly joined
        head, tail = message.split(" (see ", 1)
        message = f'{head} "\n{indent}    "(see {tail}'
    return f"{indent}raise NotImplementedError(\n{indent}    {message}\n{indent})\n"
