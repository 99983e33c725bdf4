"""The project's own tests: helper modules in tests/ are importable by name."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def catalog_batches(request, tmp_path_factory):
    """catalog_batches(part): the mistake catalog's batch for that part (tests/catalog_batches.py),
    graded once in the session for every test module that uses this fixture: the halves
    graded are those that the session's modules name in GRADED_HALVES."""
    from catalog_batches import CatalogBatches

    halves = {
        half
        for item in request.session.items
        if "catalog_batches" in getattr(item, "fixturenames", ())
        for half in getattr(item.module, "GRADED_HALVES", ())
    }
    return CatalogBatches(tmp_path_factory.mktemp("catalog"), halves)
