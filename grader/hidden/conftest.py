"""Fixtures of the hidden suites: `ref` (the reference solutions) and `torch_device`.

`impl` (the implementation under test) comes from the root conftest; in the grader it
is a proxy to a confined worker. `ref` is the reference loaded in this process under a
private package name, so that it never collides with the `s13_cnn` a learner's code is
imported as (in process, with --impl).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from coursekit.seam import MODULES
from grader import torch_ref
from grader.hidden import support

REFERENCE_PACKAGE = "_s13_reference"
REFERENCE_ROOT = Path(__file__).resolve().parents[2] / "solutions" / "s13_cnn"

support.load_hypothesis_profile()
_BLAS_LIMIT = support.limit_blas_threads()


def load_reference() -> SimpleNamespace:
    """The reference solutions as `_s13_reference`, with the parts as attributes."""
    package = sys.modules.get(REFERENCE_PACKAGE)
    if package is None:
        spec = importlib.util.spec_from_file_location(
            REFERENCE_PACKAGE,
            REFERENCE_ROOT / "__init__.py",
            submodule_search_locations=[str(REFERENCE_ROOT)],
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the reference solutions from {REFERENCE_ROOT}")
        package = importlib.util.module_from_spec(spec)
        sys.modules[REFERENCE_PACKAGE] = package
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[REFERENCE_PACKAGE]
            raise
    return SimpleNamespace(
        **{
            name: importlib.import_module(f"{REFERENCE_PACKAGE}.{module}")
            for name, module in MODULES.items()
        }
    )


@pytest.fixture(scope="session")
def ref() -> SimpleNamespace:
    """The reference: ref.conv.conv_forward(...), ref.lenet.LeNet5(...), in this process."""
    return load_reference()


@pytest.fixture(scope="session")
def torch_device() -> str:
    """Where the torch references run: "cuda" or "cpu" (see grader.torch_ref.device)."""
    return torch_ref.device()
