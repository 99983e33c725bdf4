"""grader/generate/teaching_order.py: stages/s13_cnn/teaching_order.json is what the
generator writes, knows every visible test, and follows each part's module order."""

from __future__ import annotations

import ast
import json

import pytest
from trees import ROOT

from coursekit.course import PARTS
from grader.generate.teaching_order import ORDER_FILE, main, teaching_list

ORDER = json.loads((ROOT / ORDER_FILE).read_text())


@pytest.mark.parametrize("part", PARTS, ids=[p.name for p in PARTS])
def test_every_visible_test_has_a_function_of_its_part(part):
    entry = ORDER[part.name]
    assert entry["order"] == teaching_list(part)  # the stub module's order, as committed
    names = {node.name for path in (ROOT / "stages" / "s13_cnn" / part.name).glob("test_*.py")
             for node in ast.parse(path.read_text()).body
             if isinstance(node, ast.FunctionDef) and node.name.startswith("test")}  # fmt: skip
    mapped = {name.split("[")[0] for name in entry["tests"]}
    assert mapped == names, f"not in {ORDER_FILE}: {sorted(names - mapped)}; run the generator"
    assert set(entry["tests"].values()) <= set(entry["order"])


@pytest.mark.slow
def test_the_committed_order_is_what_the_generator_writes(capsys):
    pytest.importorskip("torch")  # part 6's tests are recorded too
    code = main(["--check"])
    assert code == 0, capsys.readouterr().err
