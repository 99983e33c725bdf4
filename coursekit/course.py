"""The parts of stage 13, written once. Every table of parts in the project reads this.

A part lives in `solutions/s13_cnn/<name>/` (the single source: the reference, with
solution and GIVEN markers, see grader/generate/stubs.py) and in `stages/s13_cnn/<name>/` (what the
learner sees: README.md, visible tests, and the stubs `uv run grader stubs` writes).
Adding a part is one entry in PARTS plus those two folders (and its hidden suite,
grader/hidden/test_<name>_hidden.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PACKAGE = "s13_cnn"
STAGE = 13

# Optional dependency groups of the handout (pyproject.toml's [dependency-groups] holds
# their packages): what each one is for. A README line whose command needs one says so.
GROUPS: dict[str, str] = {
    "lenet": "the `lenet` command (training data fallback, progress bar, pictures)",
    "torch": "part 6 (PyTorch, about 5 GB on Linux)",
}

# Time limits of a grading, in seconds (grader/core/limits.py and the hidden suites hold
# the same numbers; tests/coursekit/test_course.py checks them). Every test has a
# wall-clock limit; past it the test fails as "timeout". A test that trains has a time box
# of CPU time instead (Part.budget), counted on the learner code's own processes.
TEST_SECONDS = 60  # `grader run`'s default --timeout
GRADESCOPE_TEST_SECONDS = 60  # `grader gradescope`'s default --timeout
MACHINE = "2 CPU cores shared with other jobs, one BLAS thread"  # where they were measured


@dataclass(frozen=True)
class TrainingBox:
    """Part 5's time-boxed MNIST training test (grader/hidden/test_lenet_hidden.py holds the
    same numbers): `epochs` passes of batch-`batch` steps over `images` images, then
    predicting `test_images`. It times one step first (CPU time) and stops at once when the
    whole run, so projected, would pass `stop_fraction` of the part's budget."""

    images: int = 12_000
    epochs: int = 2
    batch: int = 64
    test_images: int = 10_000
    stop_fraction: float = 0.8

    @property
    def steps(self) -> float:
        """Training steps, plus predicting (about a third of a step per batch of images)."""
        return self.epochs * -(-self.images // self.batch) + self.test_images / self.batch / 3


LENET_BOX = TrainingBox()


@dataclass(frozen=True)
class Part:
    """One part of the stage: its folder, its modules, its pytest marker."""

    number: int
    name: str  # the folder under s13_cnn/
    title: str  # what it teaches, in a few words (the marker's description)
    learner: tuple[str, ...]  # modules the learner writes (stubs are generated from them)
    given: tuple[str, ...] = ()  # modules given complete (copied verbatim into stages/)
    cost: int = 1  # relative grading time, to balance the parts over parallel shards
    marker: str = ""  # pytest marker of its tests; default: the name
    readme: str = field(default="")  # default: stages/s13_cnn/<name>/README.md
    group: str = ""  # the optional dependency group its tests need (GROUPS), if any
    budget: int = 0  # CPU seconds of its time-boxed training test (0: none)

    def __post_init__(self) -> None:
        if not self.marker:
            object.__setattr__(self, "marker", self.name)
        if not self.readme:
            object.__setattr__(self, "readme", f"stages/{PACKAGE}/{self.name}/README.md")

    @property
    def learner_files(self) -> tuple[str, ...]:
        """The learner's modules, relative to s13_cnn/: ("conv/conv.py",)."""
        return tuple(f"{self.name}/{m}.py" for m in self.learner)

    @property
    def given_files(self) -> tuple[str, ...]:
        return tuple(f"{self.name}/{m}.py" for m in self.given)

    @property
    def marker_line(self) -> str:
        """The marker as pytest's `markers` ini option spells it."""
        return f"{self.marker}: stage {STAGE}, part {self.number}: {self.title}"

    @property
    def test_command(self) -> str:
        """The command that runs its visible tests (in the handout, after its group)."""
        return f"uv run pytest stages/{PACKAGE} -m {self.marker}"


PARTS: tuple[Part, ...] = (
    Part(1, "padding", "padding and output sizes", ("padding",), cost=1),
    Part(2, "im2col", "im2col and col2im", ("im2col",), cost=2),
    Part(3, "conv", "convolution forward and backward", ("conv",), cost=4),
    Part(4, "pooling", "max, average and global average pooling", ("pooling",), cost=3),
    Part(5, "lenet", "LeNet-5 assembly, backward and training", ("lenet",), ("layers",), cost=6,
         budget=120),
    Part(6, "lenet_torch", "LeNet-5 in low-level PyTorch: F.conv2d, hand-made loss and "
         "optimizers", ("lenet_torch",), ("torch_probes",), cost=5, group="torch", budget=240),
    Part(7, "lenet_paper", "LeNet-5 as published in 1998: C3 table, subsampling, RBF outputs",
         ("lenet_paper",), ("bitmaps",), cost=6, budget=300),
    Part(
        8,
        "exercises",
        "receptive fields and initialisation",
        ("receptive_field", "initialisation"),
        cost=1,
    ),  # fmt: skip
)

NAMES: tuple[str, ...] = tuple(p.name for p in PARTS)
BY_NAME: dict[str, Part] = {p.name: p for p in PARTS}
BY_MARKER: dict[str, Part] = {p.marker: p for p in PARTS}
# attribute on `impl` -> module inside the s13_cnn package ("conv" -> "conv.conv")
MODULES: dict[str, str] = {
    module: f"{p.name}.{module}" for p in PARTS for module in (*p.learner, *p.given)
}
MARKERS: tuple[str, ...] = tuple(p.marker for p in PARTS)
LEARNER_FILES: tuple[str, ...] = tuple(f for p in PARTS for f in p.learner_files)
GIVEN_FILES: tuple[str, ...] = tuple(f for p in PARTS for f in p.given_files)


def part(name: str) -> Part:
    """The part named `name`; KeyError, naming the parts, for any other name."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no part {name!r}; parts: {', '.join(NAMES)}") from None


def _check() -> None:
    numbers = [p.number for p in PARTS]
    assert numbers == sorted(set(numbers)), f"part numbers must rise: {numbers}"
    modules = [m for p in PARTS for m in (*p.learner, *p.given)]
    assert len(modules) == len(set(modules)), f"a module name is used twice: {modules}"
    assert len(BY_NAME) == len(BY_MARKER) == len(PARTS), "a part name or marker is used twice"
    assert all(p.group in ("", *GROUPS) for p in PARTS), "a part needs an unknown group"


_check()
