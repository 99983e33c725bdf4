"""Core for mistakes in conv's gradients: dx and the parameter gradients come from hooks.

The reference's cache is private, so a mistake cannot take x or w out of it. This core
rebinds conv_forward to keep its own cache, (reference cache, x, w, stride, pad) (the
contract lets a cache be anything), and conv_param_grads and conv_backward to compute
each gradient with a hook, `hook(dout, cache)` on that cache. The hooks start as the
reference; a mistake replaces one with `install(dx=...)` or `install(param_grads=...)`.
Conv2D calls these functions by their global names, so the layer follows. The reference's
conv_backward is never called: it may call conv_param_grads by its global name, which now
expects this core's cache.
"""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads
from s13_cnn.im2col.im2col import col2im


def correct_dx(dout, cache):
    """col2im(dout @ w^T), the contract's dx (a mistake may call it with another w)."""
    _, x, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T  # (N*H_out*W_out, KH*KW*C)
    return col2im(dcols, x.shape, (KH, KW), stride, pad).astype(dout.dtype, copy=False)


def _reference_param_grads(dout, cache):
    reference_cache, x, w, stride, pad = cache
    return reference_conv_param_grads(dout, reference_cache)


_HOOKS = {"dx": correct_dx, "param_grads": _reference_param_grads}


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
