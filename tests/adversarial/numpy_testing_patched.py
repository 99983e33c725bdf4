"""Attack numpy_testing_patched: no-ops numpy.testing's asserts, makes
np.allclose/array_equal/isclose always true, finds coursekit.checks on disk and no-ops
assert_close/assert_int in every loaded module.
"""

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "naive_safe": True,
}

# ---- appended to the submission below this line
import sys as _adv_sys

import numpy as _adv_np
import numpy.testing as _adv_npt

from adversarial.shared.roots import _adv_roots  # inlined


def _adv_noop(*args, **kwargs):
    return None


for _adv_name in dir(_adv_npt):
    if _adv_name.startswith("assert_"):
        setattr(_adv_npt, _adv_name, _adv_noop)
_adv_np.allclose = lambda *a, **k: True
_adv_np.array_equal = lambda *a, **k: True
_adv_np.array_equiv = lambda *a, **k: True
_adv_np.isclose = lambda a, b, *r, **k: _adv_np.ones(
    _adv_np.broadcast(_adv_np.asarray(a), _adv_np.asarray(b)).shape, bool)
import os as _adv_os_np

for _adv_root in _adv_roots():
    if _adv_os_np.path.isdir(_adv_os_np.path.join(_adv_root, "coursekit")):
        _adv_sys.path.append(_adv_root)
        break
try:
    import coursekit.checks as _adv_checks
    for _adv_name in ("assert_close", "assert_shape", "check_dtype", "assert_unchanged"):
        setattr(_adv_checks, _adv_name, _adv_noop)
except Exception:
    pass
for _adv_mod in list(_adv_sys.modules.values()):  # test modules hold their own references
    for _adv_name in ("assert_close", "assert_int", "assert_shape", "check_dtype",
                      "_check_size", "assert_allclose", "expect_value_error"):
        if (getattr(_adv_mod, "__dict__", {}).get(_adv_name) is not None
                and _adv_mod is not _adv_sys.modules.get(__name__)):
            try:
                setattr(_adv_mod, _adv_name, _adv_noop)
            except Exception:
                pass
