"""Which function each visible test checks, so the learner's tests run in teaching order.

    uv run python -m grader.generate.teaching_order            # rewrite the file
    uv run python -m grader.generate.teaching_order --check    # exit 1 if it is stale

Writes stages/s13_cnn/teaching_order.json: per part, the functions and classes the
learner writes in the order the part teaches them (the order of the stub module, which its
README follows; a constant a visible test asks for, such as C3_TABLE, where the module
defines it), and for each visible test the one it checks: the last in that order of those
its run calls, recorded by running the visible suite on the reference (solutions/) with a
profiler on the part's modules. A test that calls none of them is matched by the names in
its source. coursekit/learner_plugin.py sorts each part's tests by it, so `pytest -x`
stops at the first function not yet right. tests/generate/test_teaching_order.py runs the
check.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from coursekit.course import PACKAGE, PARTS, Part
from coursekit.seam import PROJECT_ROOT

PLUGIN = "grader.generate.teaching_order"  # this module, as `-p` loads it
ORDER_FILE = f"stages/{PACKAGE}/teaching_order.json"  # coursekit/learner_plugin.py reads it
OUT_OPTION = "--teaching-order-out"
SEEN = pytest.StashKey[dict[str, set[str]]]()  # test -> the qualnames it called
SOURCE = pytest.StashKey[str]()  # a test function's source


def teaching_list(part: Part, root: Path = PROJECT_ROOT) -> list[str]:
    """What the learner writes, in module order: the module's functions and classes (a
    class's methods are taught together) and the constants a visible test asks for."""
    from coursekit.learner_plugin import stub_names  # not before pytest registers it

    stages = root / "stages" / PACKAGE
    tests = "\n".join(p.read_text() for p in sorted((stages / part.name).glob("test_*.py")))
    asked = set(re.findall(rf'"{part.name}: implement (\w+)', tests))  # constants to fill in
    order: list[str] = []
    for rel in part.learner_files:
        text = (stages / rel).read_text(encoding="utf-8")
        wanted = {name.split(".")[0] for name in stub_names(text)} | asked
        lines = {}
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                lines[node.name] = node.lineno
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                lines |= {t.id: node.lineno for t in targets if isinstance(t, ast.Name)}
        order += sorted(wanted & set(lines), key=lines.__getitem__)
    return order


# ------------------------------------------------ the recording plugin (-p this module)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(OUT_OPTION, default=None, help="write the teaching order JSON here")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SEEN] = {}


def _learner_files() -> dict[str, str]:
    """Resolved path of each of the reference's learner modules -> its part."""
    return {
        os.path.realpath(PROJECT_ROOT / "solutions" / PACKAGE / rel): part.name
        for part in PARTS for rel in part.learner_files
    }  # fmt: skip


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    return (yield from _recording(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    return (yield from _recording(item))


def _recording(item: pytest.Item):
    files, known = _learner_files(), {}
    seen = item.config.stash[SEEN].setdefault(item.nodeid, set())

    def profile(frame, event, arg) -> None:
        if event == "call":
            code = frame.f_code
            if code.co_filename not in known:
                known[code.co_filename] = files.get(os.path.realpath(code.co_filename))
            if known[code.co_filename] is not None and code.co_flags & inspect.CO_OPTIMIZED:
                seen.add(code.co_qualname)  # a function's (a class body, an import: not)

    sys.setprofile(profile)
    try:
        return (yield)
    finally:
        sys.setprofile(None)


def pytest_collection_finish(session: pytest.Session) -> None:
    for item in session.items:  # the source of each test, for tests that call nothing
        function = getattr(item, "function", None)
        item.stash[SOURCE] = inspect.getsource(function) if function else ""


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = session.config.getoption(OUT_OPTION)
    if out is None:
        return
    from coursekit.learner_plugin import part_of

    seen = session.config.stash[SEEN]
    parts: dict[str, dict] = {}
    for item in session.items:
        part = part_of(item)
        if part is None:
            continue
        entry = parts.setdefault(part.name, {"order": teaching_list(part), "tests": {}})
        order = entry["order"]
        units = {q.split(".")[0] for q in seen.get(item.nodeid, ())}  # Class.method: Class
        called = [order.index(unit) for unit in units if unit in order]
        if not called:  # reads a constant, say: the names in its source
            source = item.stash.get(SOURCE, "")
            called = [k for k, unit in enumerate(order) if re.search(rf"\b{unit}\b", source)]
        if called:
            entry["tests"][item.name] = order[max(called)]
    for entry in parts.values():  # a test whose cases all check one function: one key
        by_test: dict[str, set[str]] = {}
        for name, function in entry["tests"].items():
            by_test.setdefault(name.split("[")[0], set()).add(function)
        entry["tests"] = {
            name: function for name, function in sorted(entry["tests"].items())
            if len(by_test[name.split("[")[0]]) > 1
        } | {test: functions.pop() for test, functions in sorted(by_test.items())
             if len(functions) == 1}  # fmt: skip
        entry["tests"] = dict(sorted(entry["tests"].items()))
    ordered = {p.name: parts[p.name] for p in PARTS if p.name in parts}
    Path(out).write_text(json.dumps(ordered, indent=1) + "\n")


# ------------------------------------------------------------------------------ command


def generate() -> str:
    """The file's text, from a run of the visible suite on the reference."""
    with tempfile.TemporaryDirectory(prefix="s13-order-") as tmp:
        out = Path(tmp) / "order.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("S13_", "PYTEST_"))}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", f"stages/{PACKAGE}", "--impl", "solutions", "-q",
             "-p", PLUGIN, OUT_OPTION, str(out)],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"the visible suite on solutions/ failed:\n"
                               f"{(done.stdout + done.stderr)[-3000:]}")
        return out.read_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.generate.teaching_order",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    path = PROJECT_ROOT / ORDER_FILE
    text = generate()
    if args.check:
        if not path.is_file() or path.read_text() != text:
            print(f"{ORDER_FILE} is stale: run `uv run python -m {PLUGIN}`", file=sys.stderr)
            return 1
        print(f"{ORDER_FILE} is up to date")
        return 0
    path.write_text(text)
    print(f"wrote {ORDER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

