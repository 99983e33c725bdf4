"""The class report's pictures (matplotlib, no display)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from grader.core.result import show  # noqa: E402
from grader.insight.analysis import FLAT, Item  # noqa: E402


def _save(fig: plt.Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_scores(results: Sequence[dict[str, Any]], parts: Sequence[str], out: Path) -> None:
    full = max(r["max_score"] for r in results) or 1
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist([r["score"] for r in results], bins=np.linspace(0, full, 21), color="#3b6ea5")
    ax.set(xlabel=f"total score (of {show(full)})", ylabel="submissions",
           title="Score distribution")  # fmt: skip
    _save(fig, out / "scores.png")
    fig, axes = plt.subplots(1, len(parts), figsize=(2.6 * len(parts), 2.8), squeeze=False)
    for ax, part in zip(axes[0], parts, strict=True):
        rows = [r["parts"][part] for r in results if part in r["parts"]]
        top = max((row["max_score"] for row in rows), default=0) or 1
        ax.hist([row["score"] for row in rows], bins=np.linspace(0, top, 11), color="#5b8c5a")
        ax.set(title=part, xlabel=f"of {show(top)}")
    axes[0][0].set_ylabel("submissions")
    _save(fig, out / "parts.png")


def plot_items(table: Sequence[Item], out: Path) -> None:
    fig, ax = plt.subplots(figsize=(6, 4))
    for suite, marker in (("visible", "o"), ("hidden", "^")):
        chosen = [i for i in table if i.suite == suite and not math.isnan(i.discrimination)]
        ax.scatter([i.pass_rate for i in chosen], [i.discrimination for i in chosen],
                   marker=marker, alpha=0.7, label=f"{suite} tests")  # fmt: skip
    ax.axhline(FLAT, color="grey", lw=0.8, ls="--")
    ax.set(xlabel="pass rate", ylabel="discrimination (point-biserial r)",
           xlim=(-0.05, 1.05), title="Item analysis")  # fmt: skip
    ax.legend()
    _save(fig, out / "items.png")


def plot_times(times: dict[str, list[float]], out: Path) -> None:
    fig, ax = plt.subplots(figsize=(6, 3.2))
    names = [p for p, v in times.items() if v]
    ax.boxplot([times[p] for p in names], tick_labels=names)
    ax.set(ylabel="seconds", title="Grading time per part")
    _save(fig, out / "times.png")
