"""How a wrong random draw differs from the right one: its spread and its shape, as facts.

An initialisation that draws other numbers than the contract's is wrong everywhere, with
no factor or shift between the two, so coursekit.relations has nothing to say. Two facts
still hold and point somewhere: the spread (the ratio of the standard deviations, the
scale of the draw: a fan-in, a sqrt(2)) and the shape of the distribution (a uniform draw
is bounded, with no tail, where a normal one has tails). Each is said only when it holds
on every probe where the output is wrong and the draw has at least MIN_SIZE numbers (the
smaller draws tell neither fact apart from chance, and are left out).
"""

from __future__ import annotations

import numpy as np

from coursekit.evidence.judge import Reading
from coursekit.evidence.observed import Print
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Subject

# subject -> the distribution its contract draws the weights from
DRAWS = {"conv.Conv2D.init": "normal", "lenet.LeNet5.init": "normal",
         "lenet_torch.init_params": "normal", "exercises.init": "normal",
         "lenet_paper.LeNet5Paper.init": "uniform"}  # fmt: skip
MIN_SIZE = 60
RATIOS = (("sqrt(2)", np.sqrt(2.0)), ("1/sqrt(2)", 1 / np.sqrt(2.0)), ("2", 2.0), ("1/2", 0.5),
          ("sqrt(3)", np.sqrt(3.0)), ("1/sqrt(3)", 1 / np.sqrt(3.0)))  # fmt: skip


def _std(outcome) -> float | None:
    if isinstance(outcome, Print):  # zero-mean draws: the norm gives the spread
        n = int(np.prod(outcome.shape))
        return outcome.norm / np.sqrt(n) if n >= MIN_SIZE else None
    a = np.asarray(outcome, dtype=np.float64)
    return float(a.std()) if a.size >= MIN_SIZE and np.all(np.isfinite(a)) else None


def _looks_uniform(a: np.ndarray) -> bool | None:
    """True: bounded like a uniform draw; False: tailed like a normal one; None: neither."""
    a = np.asarray(a, dtype=np.float64).ravel()
    if a.size < MIN_SIZE or not np.all(np.isfinite(a)) or a.std() == 0:
        return None
    z = (a - a.mean()) / a.std()
    kurtosis = float(np.mean(z**4)) - 3.0  # uniform -1.2, normal 0
    if kurtosis < -0.9 and np.abs(z).max() < 1.9:
        return True
    if kurtosis > -0.5 and np.abs(z).max() > 2.2:
        return False
    return None


def _ratio_words(r: float, scales: dict[str, float], slack: float) -> str:
    named = sorted({name for name, q in (*RATIOS, *scales.items())
                    if q not in (0, 1) and abs(r / q - 1) < slack})  # fmt: skip
    return f"{r:.3g}" + (f" (about {named[0]})" if len(named) == 1 else "")


def draws(subject: Subject, learner, stored: Evidence, reading: Reading) -> list[str]:
    """Facts about a wrong draw's spread and shape (none for other subjects)."""
    contract = DRAWS.get(subject.key)
    o = reading.output
    if contract is None or not reading.wrong or reading.named:
        return []
    ratios, shapes, sizes = [], [], []
    for p in reading.wrong:
        got, right = learner[p][o], stored.reference[(p, o)]
        if not isinstance(got, np.ndarray) or getattr(right, "shape", None) != got.shape:
            return []
        if got.size < MIN_SIZE:
            continue
        mine, theirs = _std(got), _std(right)
        if mine is None or not theirs or mine == 0:
            return []
        ratios.append(mine / theirs)
        shapes.append(_looks_uniform(got))
        sizes.append(got.size)
    if not ratios:
        return []
    said = []
    r = float(np.median(ratios))
    # a std from n numbers is off by about 1/sqrt(2n): three of that is no difference
    slack = 3 / np.sqrt(2 * min(sizes))
    if all(abs(q / r - 1) < slack for q in ratios):
        scales = dict(subject.probe(reading.wrong[0]).scales)
        if abs(r - 1) < slack:
            said.append(f"{o} has the right spread (its std within {slack:.0%} of the right "
                        "draw's) but other numbers: another draw (another distribution, "
                        "generator, seed, or order of the draws)")
        else:
            said.append(f"{o}'s spread is {_ratio_words(r, scales, slack)} times the right draw's "
                        "(the ratio of the standard deviations, on every wrong probe): the "
                        "scale of the draw (its fan-in, its constant)")
    other = "uniform" if contract == "normal" else "normal"
    if all(s is (other == "uniform") for s in shapes):
        bounded = "bounded, with no tails" if other == "uniform" else "with a normal's tails"
        said.append(f"{o}'s numbers are spread like a {other} draw ({bounded}) where the "
                    f"contract draws from a {contract} distribution")
    return said
