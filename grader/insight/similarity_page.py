"""`grader similar`'s page, similarity.html: every pair ranked by score against the
threshold, then each flagged pair's code side by side, the spans found in both marked.
One self-contained file (grader/insight/page.py); the code shown is the learners', so it
is escaped like any other text of theirs. Paths are relative to the class folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grader.insight.page import Section, esc, figure, page, paragraph, table
from grader.insight.plots import DPI, WIDTH_PX, counts_axis, plt

SHOWN_PAIRS = 60  # pairs in the ranked table (all are in similarity.csv)
SIDE_BY_SIDE = 20  # flagged pairs whose code the page shows, most alike first
PLOTTED_PAIRS = 300


@dataclass(frozen=True)
class Shared:
    """A flagged pair's code, and the spans (start, end) of each that the other holds too."""

    a: str
    b: str
    where_a: str  # the submission, relative to the class folder
    where_b: str
    code_a: str
    code_b: str
    spans_a: list[tuple[int, int]]
    spans_b: list[tuple[int, int]]


def marked(code: str, spans: Sequence[tuple[int, int]]) -> str:
    """`code` escaped, each span in <mark>."""
    out, at = [], 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        out += [esc(code[at:start]), "<mark>", esc(code[start:end]), "</mark>"]
        at = end
    out.append(esc(code[at:]))
    return "".join(out)


def plot_ranked(scores: Sequence[float], threshold: float, path: Path) -> Path:
    shown = list(scores)[:PLOTTED_PAIRS]
    fig, ax = plt.subplots(figsize=(min(9, WIDTH_PX / DPI), 3.6), layout="constrained")
    rank = np.arange(1, len(shown) + 1)
    flagged = np.array(shown) >= threshold
    ax.scatter(rank[~flagged], np.array(shown)[~flagged], s=18, color="#3b6ea5",
               label="below the threshold")  # fmt: skip
    ax.scatter(rank[flagged], np.array(shown)[flagged], s=26, color="#c0392b",
               label=f"flagged ({int(flagged.sum())})")  # fmt: skip
    ax.axhline(threshold, color="black", ls="--", lw=1, label=f"threshold {threshold:g}")
    more = f" (first {PLOTTED_PAIRS} shown)" if len(scores) > PLOTTED_PAIRS else ""
    ax.set(xlabel="pair, most alike first", ylabel="score (mean share of shared code)",
           ylim=(0, 1.02), xlim=(0.5, max(len(shown), 1) + 0.5),
           title=f"{len(scores)} pairs ranked{more}")  # fmt: skip
    counts_axis(ax, "x")
    ax.legend(frameon=False, loc="center right")
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def write_page(pairs, shared: Sequence[Shared], threshold: float, out: Path) -> Path:
    """similarity.html in `out`, beside similarity.png."""
    scores = [p.score for p in pairs]
    flagged = [p for p in pairs if p.score >= threshold]
    rows = [
        {"rank": n, "a": p.a, "b": p.b, "score": f"{p.score:.2f}", "share_a": f"{p.share_a:.2f}",
         "share_b": f"{p.share_b:.2f}", "tokens": p.tokens,
         "flagged": "yes" if p.score >= threshold else ""}
        for n, p in enumerate(pairs, start=1)
    ]  # fmt: skip
    ranked = figure(
        plot_ranked(scores, threshold, out / "similarity.png"), "pair scores, ranked",
        "Every pair of submissions, most alike first. Pairs above the dashed line are flagged "
        "and shown below; a clear gap between the first few pairs and the rest is the sign "
        "to look for, a smooth slope is not.",
    ) + table(
        rows, ["rank", "a", "b", "score", "share_a", "share_b", "tokens", "flagged"],
        "Fewer than two submissions could be compared.", limit=SHOWN_PAIRS,
        more="similarity.csv", numeric=("rank", "score", "share_a", "share_b", "tokens"),
        headers={"share_a": "share of a in b", "share_b": "share of b in a",
                 "tokens": "matched tokens"},
        widths={"rank": "6%", "a": "20%", "b": "20%", "flagged": "8%"},
    )  # fmt: skip
    sections = [Section("ranked", "Pairs ranked by score", ranked)]
    if not shared:
        sections.append(Section("pairs", "Flagged pairs", paragraph(
            f"No pair reaches the threshold of {threshold:g}: nothing to look at.", "empty")))
    if len(shared) > SIDE_BY_SIDE:
        ranked += paragraph(
            f"{len(shared)} pairs are flagged: the {SIDE_BY_SIDE} most alike are shown side "
            "by side below, the others are in the table and similarity.csv. So many flags "
            "often mean a shared source (a starter beyond the stubs, a published solution), "
            "or a threshold too low for this assignment (--threshold).", "warn")
    for n, s in enumerate(shared[:SIDE_BY_SIDE], start=1):
        body = (
            f'<div class="side"><div><h3>{esc(s.where_a)}</h3>'
            f"<pre><code>{marked(s.code_a, s.spans_a)}</code></pre></div>"
            f"<div><h3>{esc(s.where_b)}</h3>"
            f"<pre><code>{marked(s.code_b, s.spans_b)}</code></pre></div></div>"
        )
        pair = next(p for p in flagged if (p.a, p.b) == (s.a, s.b))
        title = f"{s.a} and {s.b}: {pair.score:.2f}"
        sections.append(Section(f"pair-{n}", title, body))
    summary = (
        f"{len(pairs)} pairs compared; {len(flagged)} at or above the threshold of "
        f"{threshold:g}. Advisory: a flag asks for a human look and never changes a score. "
        "The starter code all learners share is not counted and not marked."
    )
    html = page("Similar submissions", summary, sections)
    path = out / "similarity.html"
    path.write_text(html, encoding="utf-8")
    return path
