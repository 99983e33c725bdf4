"""`grader similar SUBMISSIONS`: pairs of submissions whose code is suspiciously alike.

Advisory only: it never touches a score. Each submission (a folder or .zip, staged by the
grader's own intake, so the same safety rules apply) becomes one file, its five part
modules one after the other. copydetect (winnowing as in MOSS, with identifiers, function
names and strings normalised) fingerprints them; the stubs, concatenated the same way,
are boilerplate, so the shared starter code (signatures, docstrings, shape unpacking)
never counts. Outputs in OUT:

    similarity.csv    every pair: the share of each one's fingerprinted code found in the
                      other, their mean (the pair's score), matched tokens, flagged
    similarity.html   one page (grader/insight/similarity_page.py): the pairs ranked
                      by score against the threshold (similarity.png), then each flagged
                      pair's code side by side, the shared spans marked, paths relative
                      to the class folder
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")

from coursekit.course import LEARNER_FILES  # noqa: E402
from grader.batch.local import discover  # noqa: E402
from grader.core.result import write_atomic  # noqa: E402
from grader.insight.similarity_page import Shared, write_page  # noqa: E402
from grader.intake.stage import CHECKOUT, Checkout, stage  # noqa: E402

THRESHOLD = 0.5  # a pair's mean share of shared code at which it is flagged
NOISE, GUARANTEE = 25, 30  # copydetect's k-gram and window thresholds (tokenized chars)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    share_a: float  # of a's fingerprinted code, the share found in b
    share_b: float
    tokens: int  # matched tokens

    @property
    def score(self) -> float:
        return (self.share_a + self.share_b) / 2


def _stable_kgrams(string: str, k: int) -> np.ndarray:
    """copydetect's k-gram hashes, with a hash that is the same in every process."""
    return np.array(
        [int.from_bytes(hashlib.blake2b(string[i : i + k].encode(), digest_size=8).digest(),
                        "little", signed=True) for i in range(len(string) - k + 1)],
        dtype=np.int64,
    )  # fmt: skip


@contextlib.contextmanager
def _deterministic() -> Iterator[None]:
    """copydetect hashes k-grams with Python's hash(), salted per process, so which
    fingerprints winnowing keeps (and so the scores) would change from run to run."""
    from copydetect import utils

    original = utils.hashed_kgrams
    utils.hashed_kgrams = _stable_kgrams
    try:
        yield
    finally:
        utils.hashed_kgrams = original


def _joined(package: Path) -> str:
    return "".join(
        f"# ---- s13_cnn/{rel}\n{(package / rel).read_text(encoding='utf-8', errors='replace')}\n"
        for rel in LEARNER_FILES
        if (package / rel).is_file()
    )


def compare(
    directory: Path, out: Path, threshold: float = THRESHOLD, course: Checkout = CHECKOUT
) -> list[Pair]:
    """Compare every pair of submissions in `directory`; write the CSV and HTML to `out`."""
    from copydetect import CopyDetector

    entries = discover(Path(directory), exclude=Path(out).resolve())
    where = {name: path.relative_to(directory).as_posix() for name, path in entries}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="grader-similar-") as tmp:
        code, boiler = Path(tmp) / "code", Path(tmp) / "boilerplate"
        code.mkdir()
        boiler.mkdir()
        (boiler / "stubs.py").write_text(_joined(course.stages_pkg))
        names = []
        for name, path in entries:
            staged = stage(path, course, name=name)
            try:
                if staged.status == "ok" and staged.root is not None:
                    (code / f"{name}.py").write_text(_joined(staged.root / "s13_cnn"))
                    names.append(name)
            finally:
                staged.cleanup()
        if len(names) < 2:
            raise ValueError(f"{directory}: fewer than two submissions to compare")
        detector = CopyDetector(
            test_dirs=[str(code)], ref_dirs=[str(code)], boilerplate_dirs=[str(boiler)],
            extensions=["py"], noise_t=NOISE, guarantee_t=GUARANTEE, display_t=threshold,
            autoopen=False, silent=True,
        )  # fmt: skip
        with _deterministic():
            detector.run()
        index = {Path(f).stem: i for i, f in enumerate(detector.test_files)}
        pairs = []
        for i, a in enumerate(sorted(names)):
            for b in sorted(names)[i + 1 :]:
                share_a, share_b = detector.similarity_matrix[index[a], index[b]]
                tokens = int(detector.token_overlap_matrix[index[a], index[b]])
                pairs.append(Pair(a, b, float(share_a), float(share_b), max(0, tokens)))
        pairs.sort(key=lambda p: -p.score)
        shared = [_shared(detector, p, where) for p in pairs if p.score >= threshold]
    write_atomic(out / "similarity.csv", pairs_csv(pairs, threshold))
    write_page(pairs, shared, threshold, out)
    return pairs


def _shared(detector, pair: Pair, where: dict[str, str]) -> Shared:
    """The pair's code and the spans copydetect found in both (its slices, either order)."""
    files = {Path(f).stem: f for f in detector.test_files}
    fa, fb = files[pair.a], files[pair.b]
    if (fa, fb) in detector.slice_matrix:
        slices_a, slices_b = detector.slice_matrix[(fa, fb)]
    elif (fb, fa) in detector.slice_matrix:
        slices_b, slices_a = detector.slice_matrix[(fb, fa)]
    else:
        slices_a = slices_b = np.zeros((2, 0), dtype=int)

    def spans(slices: np.ndarray) -> list[tuple[int, int]]:
        return [(int(s), int(e)) for s, e in zip(slices[0], slices[1], strict=True)]

    return Shared(pair.a, pair.b, where[pair.a], where[pair.b],
                  detector.file_data[fa].raw_code, detector.file_data[fb].raw_code,
                  spans(slices_a), spans(slices_b))  # fmt: skip


def pairs_csv(pairs: list[Pair], threshold: float) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["a", "b", "share_a", "share_b", "score", "tokens", "flagged"])
    for p in pairs:
        writer.writerow([p.a, p.b, f"{p.share_a:.3f}", f"{p.share_b:.3f}", f"{p.score:.3f}",
                         p.tokens, "yes" if p.score >= threshold else "no"])  # fmt: skip
    return buffer.getvalue()
