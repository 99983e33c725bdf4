"""grader/generate/stubs.py: the learner's stubs are generated from the single source in
solutions/, and the committed ones are current."""

from __future__ import annotations

import pytest

from coursekit import course
from grader.generate import stubs

PKG = course.PACKAGE


def test_committed_stubs_are_what_the_generator_writes():
    assert stubs.differing() == [], "run `uv run grader stubs` and commit stages/"


SOURCE = '''"""A made-up part."""

import numpy as np


# BEGIN SOLUTION
def _helper(x):
    return x + 1
# END SOLUTION


# GIVEN
def given(x):
    """Given complete."""
    return np.asarray(x)


def double(x: np.ndarray) -> np.ndarray:
    """x: (N, C) -> 2 * x."""
    N, C = x.shape
    # BEGIN SOLUTION
    return _helper(x) * 2 - 2
    # END SOLUTION


class Layer:
    """A layer."""

    def forward(self, x):
        """x -> x."""
        # BEGIN SOLUTION
        return x
        # END SOLUTION
'''


STUB = '''"""A made-up part."""

import numpy as np


def given(x):
    """Given complete."""
    return np.asarray(x)


def double(x: np.ndarray) -> np.ndarray:
    """x: (N, C) -> 2 * x."""
    N, C = x.shape
    raise NotImplementedError("toy: implement double (see stages/s13_cnn/toy/README.md)")


class Layer:
    """A layer."""

    def forward(self, x):
        """x -> x."""
        raise NotImplementedError("toy: implement Layer.forward (see stages/s13_cnn/toy/README.md)")
'''


TOY = course.Part(9, "toy", "a made-up part", ("first", "second_module"), cost=1)


def test_the_generator_keeps_given_code_and_replaces_solution_blocks(tmp_path):
    src = tmp_path / "solutions" / PKG / "toy"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text('"""toy"""\n')
    for module in TOY.learner:
        (src / f"{module}.py").write_text(SOURCE)
    assert sorted(stubs.differing(tmp_path, [TOY])) == [
        "toy/__init__.py", "toy/first.py", "toy/second_module.py",
    ]  # fmt: skip
    stubs.write(tmp_path, [TOY])
    for module in TOY.learner:
        assert (tmp_path / "stages" / PKG / "toy" / f"{module}.py").read_text() == STUB
    assert stubs.differing(tmp_path, [TOY]) == []


@pytest.mark.parametrize(
    "source, error",
    [
        ("def f():\n    return 1\n", "f has no # BEGIN SOLUTION block"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n", "without an # END"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n# END SOLUTION\n", "not indented"),
        ("class A:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", "class body"),
    ],
)
def test_the_generator_refuses_a_forgotten_or_broken_marker(source, error):
    with pytest.raises(stubs.MarkerError, match=error):
        stubs.stub_text(source, TOY)


def test_a_dropped_block_after_a_statement_keeps_the_blank_lines_that_follow_it():
    """A placeholder with its solution right after it (C3_TABLE = (), then the table):
    the stub keeps the placeholder apart from the next definition."""
    source = ("X = ()\n# BEGIN SOLUTION\nX = (1,)\n# END SOLUTION\n\n\n"
              "# GIVEN\ndef f():\n    return X\n")
    assert stubs.stub_text(source, TOY) == "X = ()\n\n\ndef f():\n    return X\n"
