"""Core for mistakes in conv's gradients: dx and the parameter gradients come from hooks.

The reference's cache is private, so a mistake cannot take x or w out of it. This core
rebinds conv_forward to keep its own cache, (reference cache, x, w, stride, pad) (the
contract lets a cache be anything), and conv_param_grads and conv_backward to compute
each gradient with a hook, `hook(dout, cache)` on that cache. The hooks start as the
reference; a mistake replaces one with `install(dx=...)` or `install(param_grads=...)`.
Conv2D calls these functions by their global names, so the layer follows.
"""

from s13_cnn.conv.conv import conv_backward as reference_conv_backward
from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads


def _reference_dx(dout, cache):
    reference_cache, x, w, stride, pad = cache
    dx, _, _ = reference_conv_backward(dout, reference_cache)
    return dx


def _reference_param_grads(dout, cache):
    reference_cache, x, w, stride, pad = cache
    return reference_conv_param_grads(dout, reference_cache)


_HOOKS = {"dx": _reference_dx, "param_grads": _reference_param_grads}


def install(**hooks):
    """install(dx=f) or install(param_grads=f): f(dout, cache) replaces that gradient."""
    assert set(hooks) <= set(_HOOKS), f"unknown hooks {set(hooks) - set(_HOOKS)}"
    _HOOKS.update(hooks)


def conv_forward(x, w, b, stride=1, pad=0):
    out, reference_cache = reference_conv_forward(x, w, b, stride, pad)
    return out, (reference_cache, x, w, stride, pad)


def conv_param_grads(dout, cache):
    return _HOOKS["param_grads"](dout, cache)


def conv_backward(dout, cache):
    dw, db = conv_param_grads(dout, cache)
    return _HOOKS["dx"](dout, cache), dw, db
