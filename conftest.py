"""Chooses which implementation the stage 13 tests run against.

`uv run pytest stages/s13_cnn` tests the learner's code in stages/; add
`--impl solutions` (or set S13_IMPL=solutions) to run the same tests on the reference.
The grader replaces the factory below with its confined worker.
"""

from __future__ import annotations

import os

# Small matrices: one BLAS thread is faster than two fighting over a shared machine.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import pytest  # noqa: E402

from coursekit.course import PARTS  # noqa: E402
from coursekit.seam import InProcessImpl  # noqa: E402

IMPL_FACTORY = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--impl",
        default=os.environ.get("S13_IMPL", "stages"),
        help="what the stage 13 tests run against: stages (your code, the default), "
        "solutions (the reference), or a folder that holds an s13_cnn/ package",
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    for part in PARTS:  # one marker per part, from the registry (coursekit/course.py)
        config.addinivalue_line("markers", part.marker_line)
    # The grader installs its own factory (a worker process) before this runs and never
    # imports learner code here. Otherwise import the chosen root now, before pytest
    # imports the test files that live inside the stages package.
    if IMPL_FACTORY not in config.stash:
        target = config.getoption("impl")
        config.stash[IMPL_FACTORY] = lambda: InProcessImpl(target)
        try:
            config.stash[IMPL_FACTORY]()
        except FileNotFoundError:
            pass  # reported by the `impl` fixture, to the tests that need it


@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config):
    """The implementation under test (see coursekit/seam.py for the rules of use)."""
    implementation = pytestconfig.stash[IMPL_FACTORY]()
    yield implementation
    implementation.close()
