"""The class report's pictures (matplotlib, no display): each at most WIDTH_PX wide at
DPI, counts on integer ticks, labels readable at 100%. What to look for in each is said
by its caption (grader/insight/class_report.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from grader.core.result import show  # noqa: E402
from grader.insight.analysis import EASY, FLAT, HARD, Item  # noqa: E402

DPI = 100
WIDTH_PX = 1200  # the widest picture: a page's text column at 100%
PANELS_PER_ROW = 4
BLUE, GREEN, GREY = "#3b6ea5", "#5b8c5a", "#8a949e"
plt.rcParams.update({"font.size": 11, "axes.titlesize": 12, "axes.spines.top": False,
                     "axes.spines.right": False})  # fmt: skip


def _figure(width_in: float, height_in: float, rows: int = 1, cols: int = 1):
    width_in = min(width_in, WIDTH_PX / DPI)
    return plt.subplots(rows, cols, figsize=(width_in, height_in), squeeze=False,
                        layout="constrained")  # fmt: skip


def _save(fig: plt.Figure, path: Path) -> Path:
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def counts_axis(ax: plt.Axes, axis: str = "y") -> None:
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(MaxNLocator(integer=True))


def plot_scores(results: Sequence[dict[str, Any]], out: Path) -> Path:
    full = max(r["max_score"] for r in results) or 1
    totals = [r["score"] for r in results]
    fig, axes = _figure(9, 3.4)
    ax = axes[0][0]
    ax.hist(totals, bins=np.linspace(0, full, 21), color=BLUE, edgecolor="white")
    median = float(np.median(totals))
    ax.axvline(median, color="black", lw=1.2, ls="--", label=f"median {show(median)}")
    ax.set(xlabel=f"total score (of {show(full)})", ylabel="submissions", xlim=(0, full),
           title=f"Total scores of {len(totals)} submissions")  # fmt: skip
    ax.legend(frameon=False)
    counts_axis(ax)
    return _save(fig, out / "scores.png")


def plot_parts(results: Sequence[dict[str, Any]], parts: Sequence[str], out: Path) -> Path:
    """One small histogram per part, at most PANELS_PER_ROW to a row."""
    cols = min(len(parts), PANELS_PER_ROW) or 1
    rows = max(1, math.ceil(len(parts) / cols))
    fig, axes = _figure(3 * cols, 2.6 * rows, rows, cols)
    for ax in axes.flat[len(parts) :]:
        ax.set_visible(False)
    for ax, part in zip(axes.flat, parts, strict=False):
        scores = [r["parts"][part] for r in results if part in r["parts"]]
        top = max((row["max_score"] for row in scores), default=0) or 1
        ax.hist([row["score"] for row in scores], bins=np.linspace(0, top, 11), color=GREEN,
                edgecolor="white")  # fmt: skip
        ax.set(title=part, xlabel=f"score (of {show(top)})", xlim=(0, top))
        counts_axis(ax)
    for row in axes:
        row[0].set_ylabel("submissions")
    return _save(fig, out / "parts.png")


def plot_items(table: Sequence[Item], out: Path) -> Path:
    fig, axes = _figure(9, 4.6)
    ax = axes[0][0]
    ax.axhspan(-1.05, FLAT, color="#fbe3e1", zorder=0, label=f"discrimination < {FLAT}")
    for x in (HARD, EASY):
        ax.axvline(x, color=GREY, lw=0.8, ls=":")
    for suite, marker, colour in (("visible", "o", BLUE), ("hidden", "^", "#c0392b")):
        chosen = [i for i in table if i.suite == suite and not math.isnan(i.discrimination)]
        ax.scatter([i.pass_rate for i in chosen], [i.discrimination for i in chosen], s=40,
                   marker=marker, alpha=0.75, color=colour,
                   label=f"{suite} tests ({len(chosen)})")  # fmt: skip
    ax.set(xlabel="pass rate (share of submissions that pass the test)",
           ylabel="discrimination (r)", xlim=(-0.03, 1.03), ylim=(-1.05, 1.05),
           title="Item analysis: one point per test function")  # fmt: skip
    ax.legend(frameon=False, loc="lower left", fontsize=10)
    return _save(fig, out / "items.png")


def plot_times(times: dict[str, list[float]], out: Path) -> Path:
    names = [p for p, v in times.items() if v]
    fig, axes = _figure(9, 0.9 + 0.45 * max(len(names), 1))
    ax = axes[0][0]
    if names:
        ax.boxplot([times[p] for p in names], tick_labels=names, orientation="horizontal",
                   patch_artist=True, boxprops={"facecolor": "#dbe6f2"},
                   medianprops={"color": "black"})  # fmt: skip
        ax.invert_yaxis()  # the parts in course order, top to bottom
    ax.set(xlabel="seconds of grading per submission", title="Grading time per part")
    ax.set_xlim(left=0)
    return _save(fig, out / "times.png")
