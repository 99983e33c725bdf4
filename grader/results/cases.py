"""A result's tests grouped as a learner reads them: the cases of one test function together."""

from __future__ import annotations

from grader.core.result import Result, TestResult


def by_function(result: Result) -> list[list[TestResult]]:
    """Tests grouped by (file, function): the cases of one parametrized test together."""
    groups: dict[tuple[str, str], list[TestResult]] = {}
    for test in result.tests:
        groups.setdefault((test.file, test.function), []).append(test)
    return list(groups.values())


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
