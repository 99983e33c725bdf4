"""The batch gradebook: one CSV row per submission, per-part scores, status and why."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.core.result import Result, num
from grader.results.shown import row, shown


def gradebook_csv(results: Sequence[Result], parts: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["submission", *parts, "total", "max", "status", "why", "seconds", "sandbox", "cached"]
    )
    full_max = max((r.max_score for r in results), default=0.0)  # for invalid rows
    for result in sorted(map(shown, results), key=lambda r: r.name):
        scores = result.part_scores()
        writer.writerow(
            [
                _cell(result.name),
                *(_csv(scores[p]["score"]) if p in scores else 0 for p in parts),
                _csv(result.score),
                _csv(result.max_score or full_max),
                result.status,
                _cell(row(result.why, 1000)),
                f"{result.execution_time:.1f}",
                "confined" if result.confined else "unconfined",
                "yes" if result.cached else "no",
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _csv(value: float) -> str:
    return str(num(value))
