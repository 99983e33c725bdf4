"""Short failure text for the learner's pytest: the first thing to read comes first.

A failing test is said in at most FAILURE_LINES lines: its name and where it failed, the
named hint ("likely mistake: ...") when a check found one, then the message (what was
expected, what came back, where), with printed arrays cut short and then dropped if the
lines run out. Failures of one function are folded: after the first failure with a
diagnosis (the named hint, else the message's first line with its numbers masked), each
further one with the same diagnosis is one line; a function's failures take at most
FUNCTION_LINES lines. `pytest -vv` shows pytest's own full report instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FAILURE_LINES = 15
FUNCTION_LINES = 60
ARRAY_LINES = 3  # rows kept of each printed array when the whole does not fit
HINT = "likely mistake"
MORE = "(-vv shows everything)"
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?")
_ARRAY_ROW = re.compile(r"^\s*(\[|[-+]?(\d|nan|inf)|$)")


@dataclass(frozen=True)
class Failure:
    """One failed test, ready to print: what it checks, its diagnosis and its lines."""

    function: str  # the function the test checks ("" when not known)
    diagnosis: str
    name: str  # the test's name, "test_x[case]"
    lines: tuple[str, ...]  # at most FAILURE_LINES: "test_x[case] (its file:line)", ...


def _blocks(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """(is_array, lines) pieces: each printed array (the rows after a line that ends in
    '=') is a piece of its own, every other line too."""
    blocks: list[tuple[bool, list[str]]] = []
    in_array = False
    for line in lines:
        if in_array and _ARRAY_ROW.match(line) and not line.rstrip().endswith("="):
            blocks[-1][1].append(line)
            continue
        blocks.append((False, [line]))
        in_array = line.rstrip().endswith("=")
        if in_array:
            blocks.append((True, []))
    return [(is_array, rows) for is_array, rows in blocks if rows]


def _fit(head: list[str], blocks: list[tuple[bool, list[str]]], limit: int) -> list[str]:
    """head + blocks in at most `limit` lines: arrays cut to ARRAY_LINES rows, then
    dropped, then the tail cut."""

    def body(rows: int | None) -> list[str]:
        out: list[str] = []
        for is_array, lines in blocks:
            if not is_array or rows is None or len(lines) <= rows:
                out += lines
            elif rows:
                out += [*lines[:rows], "      ..."]
        return out

    for rows in (None, *range(ARRAY_LINES, 0, -1)):
        if len(head) + len(body(rows)) <= limit:
            return head + body(rows)
    rest = [line for line in body(0) if not line.rstrip().endswith("=")]
    rest.append(f"    (the arrays: {MORE.strip('()')})")
    if len(head) + len(rest) <= limit:
        return head + rest
    keep = max(limit - len(head) - 1, 0)
    return (head + rest[:keep])[: limit - 1] + [f"    ... {len(rest) - keep} more lines {MORE}"]


def describe(exc: BaseException, function: str, name: str, where: str,
             raised: str = "") -> Failure:
    """The Failure of a test `name` that failed at `where` with `exc`; `raised`: where in
    the learner's code the exception was raised, if it was."""
    text = str(exc).strip() or type(exc).__name__
    notes = [str(n) for n in getattr(exc, "__notes__", ()) or ()]
    lines = text.splitlines()
    hints = [line.strip() for line in lines if line.strip().startswith(HINT)]
    rest = [line for line in lines if not line.strip().startswith(HINT)]
    first = f"{type(exc).__name__}: {rest[0].strip()}" if rest else type(exc).__name__
    head_line = f"{name} ({where})"
    head = [head_line, *(f"  {h}" for h in hints), f"  {first}"]
    if raised:
        head.append(f"  raised at {raised}")
    body = [*rest[1:], *"\n".join(notes).splitlines()]
    blocks = [(is_array, [f"    {line}" for line in lines]) for is_array, lines in _blocks(body)]
    diagnosis = hints[0] if hints else _NUMBER.sub("#", first)
    return Failure(function, diagnosis, name, tuple(_fit(head, blocks, FAILURE_LINES)))


def fold(failures: list[Failure]) -> list[str]:
    """The lines of a run's failures, grouped by function in run order, folded and capped."""
    groups: dict[str, list[Failure]] = {}
    for failure in failures:
        groups.setdefault(failure.function, []).append(failure)
    out: list[str] = []
    for function, group in groups.items():
        title = f"{function}: " if function else ""
        lines = [f"---- {title}{len(group)} failed test{'s' * (len(group) != 1)} ----"]
        shown: set[str] = set()
        for k, failure in enumerate(group):
            if failure.diagnosis in shown:
                entry = [f"  also failed the same way: {failure.name}"]
            else:
                shown.add(failure.diagnosis)
                entry = list(failure.lines)
            if len(lines) + len(entry) > FUNCTION_LINES - 1:
                left = len(group) - k
                lines.append(f"  ... and {left} more failed test{'s' * (left != 1)} of "
                             f"{function or 'this part'} {MORE}")
                break
            lines += entry
        out += lines
    return out
