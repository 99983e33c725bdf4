"""Checks of what the grader writes against the formats' specifications."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP_KEYS = {
    "score", "execution_time", "output", "output_format", "test_output_format",
    "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard",
}  # fmt: skip
TEST_KEYS = {
    "score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
    "tags", "visibility", "extra_data",
}  # fmt: skip


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_gradescope(data: dict) -> None:
    """results.json per /work/shared/reference/gradescope_results_schema.md."""
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    assert is_number(data["score"])
    assert is_number(data["execution_time"])
    assert isinstance(data["output"], str)
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert data.get(key, "text") in FORMATS
    for key in ("visibility", "stdout_visibility"):
        assert data.get(key, "visible") in VISIBILITY
    assert isinstance(data.get("extra_data", {}), dict)
    total = 0.0
    for test in data["tests"]:
        assert set(test) <= TEST_KEYS, set(test) - TEST_KEYS
        assert isinstance(test["name"], str) and test["name"]
        assert re.fullmatch(r"\d+(\.\d+)*", test["number"])
        assert isinstance(test["output"], str)
        assert test.get("output_format", "text") in FORMATS
        assert test["visibility"] in VISIBILITY
        assert isinstance(test["tags"], list) and all(isinstance(t, str) for t in test["tags"])
        assert test.get("status", "passed") in ("passed", "failed")
        if "score" in test:
            assert is_number(test["score"]) and is_number(test["max_score"])
            assert 0 <= test["score"] <= test["max_score"] + 1e-9
            total += test["score"]
        else:  # informational: a status and no score
            assert "max_score" not in test and test["status"] in ("passed", "failed")
    assert abs(total - data["score"]) < 1e-6
    json.dumps(data)  # plain JSON


def check_junit(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    total = 0
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)
        for case in cases:
            assert case.get("name") and case.get("classname")
            float(case.get("time"))
            for bad in case.findall("failure") + case.findall("error"):
                assert bad.get("message") is not None
        total += len(cases)
    assert int(root.get("tests")) == total
    return root


PL_TEST_KEYS = {"name", "description", "points", "max_points", "message", "output", "images"}


def check_prairielearn(data: dict) -> None:
    """results.json per PrairieLearn's external-grader format: `gradable`, `score` in
    [0, 1] when gradable, `format_errors` when not; tests with name, points <= max_points;
    at most 1 MB."""
    assert len(json.dumps(data).encode()) <= 1_000_000
    assert isinstance(data.get("gradable", True), bool)
    if data.get("gradable", True) is False:
        assert data.get("format_errors"), data
        return
    assert is_number(data["score"]) and 0 <= data["score"] <= 1
    for key in ("message", "output"):
        assert isinstance(data.get(key, ""), str)
    for test in data.get("tests", []):
        assert set(test) <= PL_TEST_KEYS, set(test) - PL_TEST_KEYS
        assert isinstance(test["name"], str) and test["name"]
        assert is_number(test["points"]) and is_number(test["max_points"])
        assert 0 <= test["points"] <= test["max_points"] + 1e-9
        assert all(isinstance(test.get(k, ""), str) for k in ("description", "message", "output"))
