"""The worker tests' submission: the reference with probe functions appended to padding.py,
graded by a WorkerImpl shared by a module (`impl`) or of a test's own (`fresh`)."""

from __future__ import annotations

import pytest
from probes import PROBES
from trees import make_submission

from grader.worker import WorkerImpl


@pytest.fixture(scope="module")
def impl(tmp_path_factory):
    root = make_submission(tmp_path_factory.mktemp("sub"), {"padding/padding.py": "+" + PROBES})
    implementation = WorkerImpl(root, call_timeout=20.0)
    yield implementation
    implementation.close()


@pytest.fixture
def fresh(tmp_path):
    """A WorkerImpl of its own, for tests that fork or change limits."""
    made = []

    def start(**kwargs):
        root = make_submission(tmp_path / f"sub{len(made)}", {"padding/padding.py": "+" + PROBES})
        made.append(WorkerImpl(root, **kwargs))
        return made[-1]

    yield start
    for implementation in made:
        implementation.close()
