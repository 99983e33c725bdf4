"""grader/core/result.py: the result JSON records what produced it, and reads back results
written before it did."""

from __future__ import annotations

from grader.core.result import RESULT_SCHEMA, Result


def test_digests_round_trip_and_old_results_read_back_without_them():
    result = Result("ada", "ada.zip", ("padding",), course_digest="c" * 64,
                    submission_digest="s" * 64)  # fmt: skip
    data = result.to_dict()
    assert data["schema"] == RESULT_SCHEMA == "s13-grader-result/2"
    assert data["digests"] == {"course": "c" * 64, "submission": "s" * 64}
    again = Result.from_dict(data)
    assert (again.course_digest, again.submission_digest) == ("c" * 64, "s" * 64)
    del data["digests"]
    data["schema"] = "s13-grader-result/1"
    old = Result.from_dict(data)
    assert (old.course_digest, old.submission_digest) == ("", "")
