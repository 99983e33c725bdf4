"""Attack eq_and_array_protocol_liars: returns an int subclass whose __eq__/__ne__ always
agree, and a non-ndarray whose __eq__, __array_ufunc__ and __array_function__ claim equality
(isclose, allclose...).
"""

from s13_cnn.padding.padding import output_size, pad2d, same_pad  # where it is appended

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "deserves": "at_most",
    "naive_safe": True,
}

# ---- appended to the submission below this line
from adversarial.shared.liars import _AdvArrayLike, _AdvInt  # inlined

_adv_wrong = (output_size, same_pad, pad2d)


def output_size(size, kernel, stride=1, pad=0):
    return _AdvInt(_adv_wrong[0](size, kernel, stride, pad))


def same_pad(kernel):
    return _AdvInt(_adv_wrong[1](kernel))


def pad2d(x, pad, value=0.0):
    got = _adv_wrong[2](x, pad, value)  # the learner's errors stay the learner's errors
    return _AdvArrayLike(got.shape, got.dtype)
