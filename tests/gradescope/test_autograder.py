"""grader/gradescope/autograder.py: the rate limit counts its window from the submission's own
time, so a regrade counts the same."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from grader.gradescope.autograder import rate_limited
from grader.gradescope.settings import Settings


def test_rate_limit_counts_the_window_from_the_submission_time():
    settings = Settings(max_per_day=2, window_hours=24)
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def meta(*hours_ago):
        history = [{"submission_time": (now - timedelta(hours=h)).isoformat(), "score": 3}
                   for h in hours_ago]  # fmt: skip
        return {"created_at": now.isoformat(), "previous_submissions": history}

    assert rate_limited(meta(1), settings) is None
    assert rate_limited(meta(1, 30, 40), settings) is None  # two of them are a day old
    limited = rate_limited(meta(1, 2), settings)
    assert limited["score"] == 3 and "after 2026-03-02T10:00" in limited["output"]
    assert rate_limited(meta(1, 2), Settings()) is None  # no limit by default
