"""The holdout half of the mistake catalog (tests/mistakes/holdout/): frozen and labelled.

Fast checks only: the files match their manifest, holdout/FROZEN (its header says how they
were written, blind, and the rule: the diagnosis is never adjusted against them), and every
file carries its labels. Grading and measuring the half is not done here: that is
`uv run python tests/mistakes/measure.py --half holdout`, run by whoever measures a round.
"""

from __future__ import annotations

from mistakes import frozen, measure
from mistakes.catalog import load_catalog, load_holdout, load_validation

from coursekit.course import NAMES

HOLDOUT = load_holdout()


def test_the_manifest_freezes_the_holdout_half():
    diff = frozen.differences(frozen.HOLDOUT)
    assert not any(diff.values()), (
        f"tests/mistakes/holdout/ differs from its manifest FROZEN: {diff}. The holdout half "
        "is frozen: the diagnosis is never tuned against it, and its files change only when "
        "one stops being a mistake, with FROZEN in the same commit (uv run python "
        "tests/mistakes/frozen.py --half holdout); a new mistake for tuning goes to "
        "tests/mistakes/<part>/."
    )
    assert set(frozen.read_manifest(frozen.HOLDOUT_MANIFEST)) >= {
        m.path.relative_to(frozen.HOLDOUT).as_posix() for m in HOLDOUT
    }
    header = frozen.HOLDOUT_MANIFEST.read_text(encoding="utf-8").split("\n# sha256  path\n")[0]
    assert header + "\n# sha256  path\n" == frozen.HOLDOUT_HEADER


def test_the_holdout_half_is_labelled_and_large_enough():
    level_1 = [m for m in HOLDOUT if m.part in measure.LEVEL_1]
    assert len(level_1) >= 22 and len(HOLDOUT) - len(level_1) >= 22
    for part in NAMES:
        n = sum(m.part == part for m in HOLDOUT)
        assert n >= (4 if part in measure.LEVEL_1 else 6), f"{n} holdout mistakes in {part}"
    others = {m.name for m in (*load_catalog(), *load_validation())}
    assert not {m.name for m in HOLDOUT} & others
    for m in HOLDOUT:
        assert m.half == "holdout" and m.name.startswith("h_"), m.name
        assert isinstance(m.meta.get("CONCEPT"), str) and m.meta["CONCEPT"], m.name
        words = m.meta.get("NAMED_BY")
        assert isinstance(words, tuple) and words, f"{m.name}: NAMED_BY = ('word', ...)"
        assert all(isinstance(w, str) and w.strip() for w in words), m.name
        assert isinstance(m.meta.get("LISTED"), bool), f"{m.name}: LISTED = True | False"
        assert measure.words_of(m) == words, m.name
    unlisted = [m for m in HOLDOUT if not m.meta["LISTED"]]
    assert 3 * len(unlisted) >= len(HOLDOUT), "a third must be in no README's list"
