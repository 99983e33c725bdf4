"""A package __init__.py a submission ships, which patches the checks.
"""

# ---- appended to the submission below this line
"""Stage 13 (the submission's own package __init__, which patches the checks)."""
import sys

try:
    import numpy.testing as _npt
    _npt.assert_allclose = lambda *a, **k: None
    _npt.assert_array_equal = lambda *a, **k: None
except Exception:
    pass
for _name, _mod in list(sys.modules.items()):
    for _attr in ("assert_close", "assert_int", "assert_shape", "check_dtype", "_check_size"):
        if hasattr(_mod, _attr):
            try:
                setattr(_mod, _attr, lambda *a, **k: None)
            except Exception:
                pass
