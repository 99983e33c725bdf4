"""Attack builtins_patched: hooks builtins.__import__ (sabotages every checker imported later)
and makes builtins.isinstance vouch for duck-typed liar results.
"""

from s13_cnn.padding.padding import output_size, pad2d, same_pad  # where it is appended

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "deserves": "at_most",
    "naive_safe": True,
}

# ---- appended to the submission below this line
import builtins as _adv_builtins
import sys as _adv_sys

from adversarial.shared.liars import _AdvArrayLike, _AdvInt  # inlined

_adv_real_isinstance = _adv_builtins.isinstance
_adv_real_import = _adv_builtins.__import__


def _adv_isinstance(obj, cls):
    if type(obj) in (_AdvArrayLike, _AdvInt):
        return True
    return _adv_real_isinstance(obj, cls)


_ADV_CHECKERS = ("assert_close", "assert_int", "assert_shape", "check_dtype", "_check_size",
                 "assert_allclose", "assert_array_equal")
_adv_busy = []


def _adv_sabotage(module):
    names = getattr(module, "__dict__", {})  # no getattr: lazy module __getattr__s import
    for name in _ADV_CHECKERS:
        if names.get(name) is not None and module is not _adv_sys.modules.get(__name__):
            try:
                setattr(module, name, lambda *a, **k: None)
            except Exception:
                pass


def _adv_import(name, globals=None, locals=None, fromlist=(), level=0):
    module = _adv_real_import(name, globals, locals, fromlist, level)
    if _adv_busy:  # an import made while sabotaging: leave it alone
        return module
    _adv_busy.append(1)
    try:
        _adv_sabotage(module)
        if globals is not None and globals.get("__name__") in _adv_sys.modules:
            _adv_sabotage(_adv_sys.modules[globals["__name__"]])
    except Exception:
        pass
    finally:
        _adv_busy.pop()
    return module


_adv_builtins.isinstance = _adv_isinstance
_adv_builtins.__import__ = _adv_import
for _adv_mod in list(_adv_sys.modules.values()):
    _adv_sabotage(_adv_mod)


_adv_wrong = (output_size, same_pad, pad2d)


def output_size(size, kernel, stride=1, pad=0):
    return _AdvInt(_adv_wrong[0](size, kernel, stride, pad))


def same_pad(kernel):
    return _AdvInt(_adv_wrong[1](kernel))


def pad2d(x, pad, value=0.0):
    got = _adv_wrong[2](x, pad, value)
    return _AdvArrayLike(got.shape, got.dtype)
