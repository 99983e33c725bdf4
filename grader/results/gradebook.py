"""The batch gradebook: one CSV row per submission, per-part scores, status and why."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from grader.core.result import Result, num


def gradebook_csv(results: Sequence[Result], parts: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["submission", *parts, "total", "max", "status", "why", "seconds", "sandbox", "cached"]
    )
    full_max = max((r.max_score for r in results), default=0.0)  # for invalid rows
    for result in sorted(results, key=lambda r: r.name):
        scores = result.part_scores()
        writer.writerow(
            [
                result.name,
                *(_csv(scores[p]["score"]) if p in scores else 0 for p in parts),
                _csv(result.score),
                _csv(result.max_score or full_max),
                result.status,
                result.why,
                f"{result.execution_time:.1f}",
                "confined" if result.confined else "unconfined",
                "yes" if result.cached else "no",
            ]
        )
    return buffer.getvalue()


def _csv(value: float) -> str:
    return str(num(value))
