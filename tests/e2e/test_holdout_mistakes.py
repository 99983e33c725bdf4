"""The blind halves of the mistake catalog, holdout (tests/mistakes/holdout/), unseen
(tests/mistakes/unseen/) and fresh (tests/mistakes/fresh/): frozen and labelled.

Fast checks only: the files match their manifest, <half>/FROZEN (its header says how they
were written, blind, and the rule: the diagnosis is never adjusted against them), and every
file carries its labels. They are graded and measured with the validation half by
tests/e2e/test_validation_mistakes.py (or `uv run python tests/mistakes/measure.py --half
holdout|unseen|fresh`).
"""

from __future__ import annotations

import pytest
from mistakes import frozen, measure
from mistakes.catalog import load_half

from coursekit.course import NAMES

# half -> (file prefix, at least this many at level 1, at levels 2-3 + exercises, per part
# at level 1, per part at levels 2-3 + exercises)
BLIND = {"holdout": ("h_", 22, 22, 4, 6), "unseen": ("u_", 20, 20, 3, 5),
         "fresh": ("f_", 35, 18, 6, 5)}  # fmt: skip


@pytest.mark.parametrize("half", sorted(BLIND))
def test_the_manifest_freezes_the_half(half):
    root = frozen.ROOTS[half]
    diff = frozen.differences(root)
    assert not any(diff.values()), (
        f"tests/mistakes/{half}/ differs from its manifest FROZEN: {diff}. The {half} half is "
        "frozen: the diagnosis is never tuned against it, and its files change only when "
        "one stops being a mistake, with FROZEN in the same commit (uv run python "
        f"tests/mistakes/frozen.py --half {half}); a new mistake for tuning goes to "
        "tests/mistakes/<part>/."
    )
    manifest = frozen.manifest_of(root)
    assert set(frozen.read_manifest(manifest)) >= {
        m.path.relative_to(root).as_posix() for m in load_half(half)
    }
    header = manifest.read_text(encoding="utf-8").split("\n# sha256  path\n")[0]
    assert header + "\n# sha256  path\n" == frozen.HEADERS[half]


@pytest.mark.parametrize("half", sorted(BLIND))
def test_the_half_is_labelled_and_large_enough(half):
    prefix, low, high, per_low, per_high = BLIND[half]
    mistakes = load_half(half)
    level_1 = [m for m in mistakes if m.part in measure.LEVEL_1]
    assert len(level_1) >= low and len(mistakes) - len(level_1) >= high
    for part in NAMES:
        n = sum(m.part == part for m in mistakes)
        least = per_low if part in measure.LEVEL_1 else per_high
        assert n >= least, f"{n} {half} mistakes in {part}"
    others = {m.name for h in frozen.ROOTS if h != half for m in load_half(h)}
    assert not {m.name for m in mistakes} & (others | {m.name for m in load_half("tuning")})
    for m in mistakes:
        assert m.half == half and m.name.startswith(prefix), m.name
        assert isinstance(m.meta.get("CONCEPT"), str) and m.meta["CONCEPT"], m.name
        words = m.meta.get("NAMED_BY")
        assert isinstance(words, tuple) and words, f"{m.name}: NAMED_BY = ('word', ...)"
        assert all(isinstance(w, str) and w.strip() for w in words), m.name
        assert isinstance(m.meta.get("LISTED"), bool), f"{m.name}: LISTED = True | False"
        assert measure.words_of(m) == words, m.name
    unlisted = [m for m in mistakes if not m.meta["LISTED"]]
    assert 3 * len(unlisted) >= len(mistakes), "a third must be in no README's list"
