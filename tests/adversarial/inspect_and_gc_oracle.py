"""Attack inspect_and_gc_oracle: walks inspect.stack() frames and gc.get_objects() for the
caller's expected values (an ndarray of the output's shape, an int named expected) and
returns them.
"""

from s13_cnn.padding.padding import np, output_size, pad2d, same_pad  # where it is appended

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "naive_safe": True,
}

# ---- appended to the submission below this line

import gc as _adv_gc
import inspect as _adv_inspect

_adv_wrong = (output_size, same_pad, pad2d)
_ADV_NAMES = ("expected", "want", "wanted", "ref", "reference", "target", "truth")


def _adv_containers():
    for info in _adv_inspect.stack()[2:80]:
        yield info.frame.f_locals
    for obj in _adv_gc.get_objects():
        if type(obj) is dict:
            yield obj


def _adv_oracle_array(shape, dtype, exclude):
    best = None
    for scope in _adv_containers():
        for name, value in list(scope.items()):
            if (type(value) is np.ndarray and value.shape == shape and value.dtype == dtype
                    and not any(value is e for e in exclude)):
                if name in _ADV_NAMES:
                    return value.copy()
                best = best if best is not None else value
    return None if best is None else best.copy()


def _adv_oracle_int():
    for info in _adv_inspect.stack()[2:40]:
        for name in _ADV_NAMES:
            value = info.frame.f_locals.get(name)
            if type(value) is int:
                return value
    return None


def output_size(size, kernel, stride=1, pad=0):
    found = _adv_oracle_int()
    return found if found is not None else _adv_wrong[0](size, kernel, stride, pad)


def same_pad(kernel):
    found = _adv_oracle_int()
    return found if found is not None else _adv_wrong[1](kernel)


def pad2d(x, pad, value=0.0):
    guess = _adv_wrong[2](x, pad, value)
    found = _adv_oracle_array(guess.shape, guess.dtype, [x, guess])
    return found if found is not None else guess
