"""Deliberately wrong submissions: one common learner mistake each.

A mutant is a copy of solutions/s13_cnn in which ONE module gets code appended that
redefines one function or method with the mistake. Module-level rebinding does the rest:
the later definition wins, other functions of the module that call it by its global name
pick it up, and the parts downstream import the mutated name (`from ..padding.padding
import output_size` runs after padding.py has finished, appended code included).

The appended code never edits or searches the reference's source text, so the reference
can be rewritten for speed without breaking a mutant. It wraps the reference function
(saved first as `_ref_<name>`) or rewrites the one function in a few lines, using only
the public names of the stage (the stubs' contract). Where a mistake lives in state the
reference keeps in a private cache (max-pool's argmax, conv's dx), a small "core" first
rebinds the forward function to a cache format of our own, computing every number with
the reference; the mistake then overrides one hook.

`uv run pytest tests/test_mistakes.py` grades every mutant through the grader CLI and
checks that each loses points in the part it breaks.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import NAMES as PARTS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = PROJECT_ROOT / "solutions" / "s13_cnn"


@dataclass(frozen=True)
class Mistake:
    name: str         # slug: the submission's folder name and the test id
    part: str         # the part whose score must drop
    module: str       # the module the code is appended to, relative to s13_cnn/
    code: str         # appended source
    description: str  # the learner's mistake, in one sentence


def build_submission(mistake: Mistake, dest: Path) -> Path:
    """Copy the reference into dest/<name>/s13_cnn, append the mistake; -> dest/<name>."""
    root = Path(dest) / mistake.name
    package = root / "s13_cnn"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SOLUTIONS, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    target = package / mistake.module
    assert target.is_file(), f"{mistake.name}: no module {mistake.module} in {SOLUTIONS}"
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\n\n# ---- mutant {mistake.name}: {mistake.description}\n")
        f.write("import numpy as np  # noqa: E402  (the mutant's own imports)\n")
        f.write(mistake.code.strip("\n") + "\n")
    return root


def build_reference(dest: Path, name: str = "reference") -> Path:
    """An unmutated copy of the reference, built the same way: dest/<name>/s13_cnn."""
    root = Path(dest) / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(
        SOLUTIONS, root / "s13_cnn", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    return root


# --------------------------------------------------------------------------- padding

PADDING = "padding/padding.py"

PADDING_MISTAKES = [
    Mistake(
        "output_size_missing_plus_one", "padding", PADDING,
        '''
def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0:
        raise ValueError(f"output_size: bad arguments {size, kernel, stride, pad}")
    padded = size + 2 * pad
    if kernel > padded:
        raise ValueError(f"output_size: kernel {kernel} does not fit in {padded}")
    return (padded - kernel) // stride          # forgot + 1: the window at offset 0
''',
        "output_size counts the strides but forgets the first window: no + 1",
    ),
    Mistake(
        "output_size_ceil", "padding", PADDING,
        '''
def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0:
        raise ValueError(f"output_size: bad arguments {size, kernel, stride, pad}")
    padded = size + 2 * pad
    if kernel > padded:
        raise ValueError(f"output_size: kernel {kernel} does not fit in {padded}")
    return -(-(padded - kernel) // stride) + 1  # ceil: counts a window that runs off the edge
''',
        "output_size rounds up instead of down, counting a last window that does not fit",
    ),
    Mistake(
        "output_size_no_error_when_kernel_too_big", "padding", PADDING,
        '''
def output_size(size, kernel, stride=1, pad=0):
    return (size + 2 * pad - kernel) // stride + 1   # 0 or negative when nothing fits
''',
        "output_size never validates: a kernel larger than the padded input gives 0 or a "
        "negative size instead of a ValueError",
    ),
    Mistake(
        "same_pad_accepts_even_kernels", "padding", PADDING,
        '''
def same_pad(kernel):
    if kernel < 1:
        raise ValueError(f"same_pad: kernel must be >= 1, got {kernel}")
    return kernel // 2        # right for odd kernels; for even ones the output grows by 1
''',
        "same_pad returns kernel // 2 for every kernel instead of rejecting even kernels",
    ),
    Mistake(
        "pad2d_all_padding_bottom_right", "padding", PADDING,
        '''
_ref_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    out = _ref_pad2d(x, pad, value)         # the right size...
    N, H, W, C = x.shape
    out[...] = value
    out[:, :H, :W, :] = x                   # ...but x lands in the top-left corner
    return out
''',
        "pad2d allocates the right size but copies x to [0:H, 0:W], so all the padding "
        "ends up on the bottom and right",
    ),
    Mistake(
        "pad2d_ignores_value", "padding", PADDING,
        '''
_ref_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    return _ref_pad2d(x, pad)               # np.zeros(...): the fill value is dropped
''',
        "pad2d always pads with zeros, ignoring the value argument",
    ),
    Mistake(
        "pad2d_pair_swapped", "padding", PADDING,
        '''
_ref_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    if not isinstance(pad, (int, np.integer)) and all(
        isinstance(v, (int, np.integer)) for v in pad
    ):
        pad = (pad[1], pad[0])              # reads (ph, pw) as (width, height)
    return _ref_pad2d(x, pad, value)
''',
        "pad2d reads the pair (ph, pw) the wrong way round: ph pads the width and pw the height",
    ),
    Mistake(
        "pad2d_float64_output", "padding", PADDING,
        '''
_ref_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    return _ref_pad2d(x, pad, value).astype(np.float64)   # np.full(shape, value): float64
''',
        "pad2d builds its output with np.full(shape, value) and no dtype, so float32 and "
        "integer inputs come back as float64",
    ),
    Mistake(
        "pad2d_zero_pad_returns_input", "padding", PADDING,
        '''
_ref_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    if not np.any(pad):                     # "nothing to do": hands back x itself
        return x
    return _ref_pad2d(x, pad, value)
''',
        "pad2d returns x itself when the padding is zero, so the caller's output aliases "
        "(and may later write into) the input",
    ),
]

# --------------------------------------------------------------------------- im2col

IM2COL = "im2col/im2col.py"

# A from-scratch im2col/col2im in the style of the hint, with the one wrong line marked.
_IM2COL_HEADER = '''
from ..padding.padding import output_size as _mutant_output_size, pad2d as _mutant_pad2d
'''

IM2COL_MISTAKES = [
    Mistake(
        "im2col_columns_c_kh_kw", "im2col", IM2COL,
        '''
_ref_im2col = im2col


def im2col(x, kernel, stride=1, pad=0):
    cols = _ref_im2col(x, kernel, stride, pad)
    KH, KW = kernel_pair(kernel)
    C = x.shape[3]
    # fills an (..., C, KH, KW) array: columns in (c, kh, kw) order, as in NCHW code
    return cols.reshape(-1, KH, KW, C).transpose(0, 3, 1, 2).reshape(cols.shape)
''',
        "im2col lays each window out channel-first, columns in (c, kh, kw) order (the NCHW "
        "habit) instead of (kh, kw, c)",
    ),
    Mistake(
        "im2col_rows_w_before_h", "im2col", IM2COL,
        _IM2COL_HEADER + '''
_ref_im2col = im2col


def im2col(x, kernel, stride=1, pad=0):
    cols = _ref_im2col(x, kernel, stride, pad)
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride, pad)
    W_out = _mutant_output_size(W, KW, stride, pad)
    # loops "for v in range(W_out): for h in range(H_out)": rows in (n, w_out, h_out) order
    return cols.reshape(N, H_out, W_out, -1).transpose(0, 2, 1, 3).reshape(cols.shape)
''',
        "im2col emits the rows in (n, w_out, h_out) order, its loops over output positions "
        "nested the wrong way round",
    ),
    Mistake(
        "im2col_ignores_stride", "im2col", IM2COL,
        _IM2COL_HEADER + '''
def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride, pad)
    W_out = _mutant_output_size(W, KW, stride, pad)
    xp = _mutant_pad2d(x, pad)
    cols = np.empty((N, H_out, W_out, KH, KW, C), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            cols[:, :, :, i, j, :] = xp[:, i : i + H_out, j : j + W_out, :]   # step 1, not stride
    return cols.reshape(N * H_out * W_out, KH * KW * C)
''',
        "im2col computes H_out with the stride but slices every window at step 1, so with "
        "stride > 1 it reads overlapping windows from the top-left corner",
    ),
    Mistake(
        "im2col_ignores_padding", "im2col", IM2COL,
        _IM2COL_HEADER + '''
def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride)          # pad dropped
    W_out = _mutant_output_size(W, KW, stride)
    cols = np.empty((N, H_out, W_out, KH, KW, C), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            cols[:, :, :, i, j, :] = x[
                :, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :
            ]
    return cols.reshape(N * H_out * W_out, KH * KW * C)
''',
        "im2col never pads: it accepts pad but slices the unpadded x, so every padded "
        "convolution loses its border windows",
    ),
    Mistake(
        "col2im_overwrites", "im2col", IM2COL,
        _IM2COL_HEADER + '''
def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride, pad)
    W_out = _mutant_output_size(W, KW, stride, pad)
    if cols.shape != (N * H_out * W_out, KH * KW * C):
        raise ValueError(f"col2im: cols has shape {cols.shape}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] = cols6[
                :, :, :, i, j, :
            ]                                          # = instead of +=: overlaps overwrite
    return xp[:, pad : pad + H, pad : pad + W, :].copy()
''',
        "col2im assigns (=) instead of accumulating (+=), so where windows overlap only the "
        "last one's value survives",
    ),
    Mistake(
        "col2im_crops_top_left", "im2col", IM2COL,
        _IM2COL_HEADER + '''
def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride, pad)
    W_out = _mutant_output_size(W, KW, stride, pad)
    if cols.shape != (N * H_out * W_out, KH * KW * C):
        raise ValueError(f"col2im: cols has shape {cols.shape}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] += cols6[
                :, :, :, i, j, :
            ]
    return xp[:, :H, :W, :].copy()                   # crops [0:H], not [pad:pad + H]
''',
        "col2im crops the padded buffer at [0:H, 0:W] instead of [pad:pad+H, pad:pad+W], "
        "shifting the gradient by pad pixels",
    ),
    Mistake(
        "col2im_ignores_stride", "im2col", IM2COL,
        _IM2COL_HEADER + '''
def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = _mutant_output_size(H, KH, stride, pad)
    W_out = _mutant_output_size(W, KW, stride, pad)
    if cols.shape != (N * H_out * W_out, KH * KW * C):
        raise ValueError(f"col2im: cols has shape {cols.shape}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + H_out, j : j + W_out, :] += cols6[:, :, :, i, j, :]   # step 1
    return xp[:, pad : pad + H, pad : pad + W, :].copy()
''',
        "col2im scatters every window back at step 1 instead of the stride, so strided "
        "gradients pile up in the top-left corner",
    ),
]

# --------------------------------------------------------------------------- conv

CONV = "conv/conv.py"

# conv_forward keeps (x, w, stride, pad) as its cache (the contract lets the cache be
# anything); dw and db come from the reference's conv_param_grads, dx from the hook
# `_mutant_conv_dx`, which a mistake overrides. Conv2D.forward/backward are rebound so the
# layer uses this cache. (The reference's conv_backward is never called: it may call
# conv_param_grads by its global name, which now expects this cache.)
_CONV_CORE = '''
from ..im2col.im2col import col2im as _mutant_col2im

_ref_conv_forward, _ref_conv_param_grads = conv_forward, conv_param_grads


def conv_forward(x, w, b, stride=1, pad=0):
    out, _ = _ref_conv_forward(x, w, b, stride, pad)
    return out, (x, w, stride, pad)


def conv_param_grads(dout, cache):
    x, w, stride, pad = cache
    _, ref_cache = _ref_conv_forward(x, w, np.zeros(w.shape[3], w.dtype), stride, pad)
    return _ref_conv_param_grads(dout, ref_cache)


def _mutant_conv_dx(dout, cache):
    x, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T         # (N*H_out*W_out, KH*KW*C)
    return _mutant_col2im(dcols, x.shape, (KH, KW), stride, pad).astype(dout.dtype, copy=False)


def conv_backward(dout, cache):
    dw, db = conv_param_grads(dout, cache)
    return _mutant_conv_dx(dout, cache), dw, db


def _mutant_core_layer_forward(self, x):
    out, self.cache = conv_forward(x, self.w, self.b, self.stride, self.pad)
    return out


def _mutant_core_layer_backward(self, dout):
    if not self.input_grad:
        self.dw, self.db = conv_param_grads(dout, self.cache)
        return None
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


Conv2D.forward, Conv2D.backward = _mutant_core_layer_forward, _mutant_core_layer_backward
'''

CONV_MISTAKES = [
    Mistake(
        "conv_flipped_kernel", "conv", CONV,
        '''
_ref_conv_forward, _ref_conv_forward_naive = conv_forward, conv_forward_naive


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return _ref_conv_forward_naive(x, w[::-1, ::-1], b, stride, pad)   # textbook convolution


def conv_forward(x, w, b, stride=1, pad=0):
    return _ref_conv_forward(x, w[::-1, ::-1], b, stride, pad)
''',
        "both forward passes flip the kernel (the textbook convolution) instead of the "
        "cross-correlation every framework computes",
    ),
    Mistake(
        "conv_forward_without_bias", "conv", CONV,
        '''
_ref_conv_forward = conv_forward


def conv_forward(x, w, b, stride=1, pad=0):
    return _ref_conv_forward(x, w, np.zeros_like(b), stride, pad)     # forgot + b
''',
        "the fast forward pass forgets to add the bias",
    ),
    Mistake(
        "conv_bias_grad_averaged", "conv", CONV,
        '''
_ref_conv_backward, _ref_conv_param_grads = conv_backward, conv_param_grads


def _mutant_db(dout, dtype):
    return (dout.sum(axis=(0, 1, 2)) / dout.shape[0]).astype(dtype)   # a mean over N


def conv_backward(dout, cache):
    dx, dw, db = _ref_conv_backward(dout, cache)
    return dx, dw, _mutant_db(dout, db.dtype)


def conv_param_grads(dout, cache):
    dw, db = _ref_conv_param_grads(dout, cache)
    return dw, _mutant_db(dout, db.dtype)
''',
        "the bias gradient is averaged over the batch instead of summed over N, H_out, W_out",
    ),
    Mistake(
        "conv_bias_grad_missing", "conv", CONV,
        '''
_ref_conv_backward, _ref_conv_param_grads = conv_backward, conv_param_grads


def conv_backward(dout, cache):
    dx, dw, db = _ref_conv_backward(dout, cache)
    return dx, dw, np.zeros_like(db)            # "the bias has no gradient"


def conv_param_grads(dout, cache):
    dw, db = _ref_conv_param_grads(dout, cache)
    return dw, np.zeros_like(db)
''',
        "the bias gradient is left at zero",
    ),
    Mistake(
        "conv_dw_overwritten_per_image", "conv", CONV,
        '''
_ref_conv_backward, _ref_conv_param_grads = conv_backward, conv_param_grads


def _mutant_last_image_only(dout):
    d = np.zeros_like(dout)
    d[-1] = dout[-1]
    return d


def conv_backward(dout, cache):
    dx, _, db = _ref_conv_backward(dout, cache)
    # for n in range(N): dw = ...   (= where += belongs)
    _, dw, _ = _ref_conv_backward(_mutant_last_image_only(dout), cache)
    return dx, dw, db


def conv_param_grads(dout, cache):
    _, db = _ref_conv_param_grads(dout, cache)
    dw, _ = _ref_conv_param_grads(_mutant_last_image_only(dout), cache)
    return dw, db
''',
        "dw is assigned (=) inside a loop over the images instead of accumulated, so only "
        "the last image's contribution survives",
    ),
    Mistake(
        "conv_backward_ignores_stride", "conv", CONV,
        _CONV_CORE + '''

def _mutant_conv_dx(dout, cache):
    x, w, stride, pad = cache
    N, H, W, C = x.shape
    KH, KW, _, F = w.shape
    H_out, W_out = dout.shape[1:3]
    dcols = (dout.reshape(-1, F) @ w.reshape(-1, F).T).reshape(N, H_out, W_out, KH, KW, C)
    dxp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=dout.dtype)
    for i in range(KH):
        for j in range(KW):
            dxp[:, i : i + H_out, j : j + W_out, :] += dcols[:, :, :, i, j, :]   # step 1
    return dxp[:, pad : pad + H, pad : pad + W, :]
''',
        "the backward pass scatters dx with its own loop that forgets the stride (step 1), "
        "so dx is wrong whenever stride > 1",
    ),
    Mistake(
        "conv_dx_flipped_kernel", "conv", CONV,
        _CONV_CORE + '''

def _mutant_conv_dx(dout, cache):
    x, w, stride, pad = cache
    KH, KW, C, F = w.shape
    w_flipped = w[::-1, ::-1]     # "the backward of a convolution is a flipped convolution"
    dcols = dout.reshape(-1, F) @ w_flipped.reshape(-1, F).T
    return _mutant_col2im(dcols, x.shape, (KH, KW), stride, pad).astype(dout.dtype, copy=False)
''',
        "dx is computed with the spatially flipped kernel, a rule for the full-convolution "
        "form misapplied to col2im(dout @ w^T), which already places every term",
    ),
    Mistake(
        "conv_he_fan_in_without_channels", "conv", CONV,
        '''
_ref_conv_init = Conv2D.__init__


def _mutant_init(self, in_channels, out_channels, kernel_size, *args, **kwargs):
    _ref_conv_init(self, in_channels, out_channels, kernel_size, *args, **kwargs)
    # fan_in = KH * KW: the input channels left out
    self.w = (self.w * np.sqrt(in_channels)).astype(self.w.dtype)
    self.dw = np.zeros_like(self.w)


Conv2D.__init__ = _mutant_init
''',
        "He initialisation uses fan_in = KH*KW, leaving out the input channels, so the "
        "weights are sqrt(C_in) times too large",
    ),
    Mistake(
        "conv_he_scale_lecun", "conv", CONV,
        '''
_ref_conv_init = Conv2D.__init__


def _mutant_init(self, *args, **kwargs):
    _ref_conv_init(self, *args, **kwargs)
    self.w = (self.w * np.sqrt(0.5)).astype(self.w.dtype)    # sqrt(1 / fan_in): no 2
    self.dw = np.zeros_like(self.w)


Conv2D.__init__ = _mutant_init
''',
        "Conv2D draws its weights with std sqrt(1/fan_in) (LeCun) instead of He's sqrt(2/fan_in)",
    ),
    Mistake(
        "conv_layer_backward_drops_grads", "conv", CONV,
        '''
_ref_conv_layer_backward = Conv2D.backward


def _mutant_backward(self, dout):
    dw, db = self.dw, self.db
    dx = _ref_conv_layer_backward(self, dout)
    self.dw, self.db = dw, db       # dx, dw, db = conv_backward(...): locals, never stored
    return dx


Conv2D.backward = _mutant_backward
''',
        "Conv2D.backward returns dx but keeps dw and db in local variables, so the layer's "
        "gradients stay zero and the optimiser never moves it",
    ),
]

# --------------------------------------------------------------------------- pooling

POOLING = "pooling/pooling.py"

# Max pooling with a cache of our own, (x_shape, arg, (PH, PW), s), arg the winning entry
# of each window in row-major window order; forward values come from the reference. A
# mistake overrides one hook: _mutant_window_argmax, maxpool_backward or _mutant_plane_indices.
_MAXPOOL_CORE = '''
from ..im2col.im2col import kernel_pair

_ref_maxpool_forward = maxpool_forward


def _mutant_geometry(x_shape, pool, stride):
    N, H, W, C = x_shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    return PH, PW, s, (H - PH) // s + 1, (W - PW) // s + 1


def _mutant_window_argmax(win):
    return win.argmax(axis=3)                               # first max wins


def maxpool_forward(x, pool=2, stride=None):
    out, _ = _ref_maxpool_forward(x, pool, stride)          # values and argument checks
    PH, PW, s, H_out, W_out = _mutant_geometry(x.shape, pool, stride)
    N, H, W, C = x.shape
    win = np.empty((N, H_out, W_out, PH * PW, C), dtype=x.dtype)
    for i in range(PH):
        for j in range(PW):
            win[:, :, :, i * PW + j, :] = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
    return out, (x.shape, _mutant_window_argmax(win), (PH, PW), s)


def maxpool_backward(dout, cache):
    x_shape, arg, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += np.where(
                arg == i * PW + j, dout, 0
            )
    return dx


def _mutant_plane_indices(arg, PW, s, W):
    N, H_out, W_out, C = arg.shape
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    return rows * W + cols


def _mutant_core_maxpool_layer_forward(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    x_shape, arg, (PH, PW), s = self.cache
    self.indices = _mutant_plane_indices(arg, PW, s, x_shape[2])
    return out


def _mutant_core_maxpool_layer_backward(self, dout):
    return maxpool_backward(dout, self.cache)


MaxPool2D.forward = _mutant_core_maxpool_layer_forward
MaxPool2D.backward = _mutant_core_maxpool_layer_backward
'''

POOLING_MISTAKES = [
    Mistake(
        "maxpool_grad_spread_over_window", "pooling", POOLING,
        _MAXPOOL_CORE + '''

def maxpool_backward(dout, cache):
    x_shape, arg, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            # every entry of the window gets a share, not just the max
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += dout / (PH * PW)
    return dx
''',
        "max-pool backward spreads each window's gradient evenly over the window (as average "
        "pooling does) instead of routing it all to the max",
    ),
    Mistake(
        "maxpool_ties_go_to_last", "pooling", POOLING,
        _MAXPOOL_CORE + '''

def _mutant_window_argmax(win):
    # `if v >= best:` keeps the last of equal maxima, not the first
    return win.shape[3] - 1 - win[:, :, :, ::-1, :].argmax(axis=3)
''',
        "max pooling compares with >= so that, on a tie, the last equal maximum in the window "
        "wins instead of the first (torch's and the contract's choice)",
    ),
    Mistake(
        "maxpool_indices_within_window", "pooling", POOLING,
        _MAXPOOL_CORE + '''

def _mutant_plane_indices(arg, PW, s, W):
    return arg              # the position inside the window, not in the input plane
''',
        "MaxPool2D.indices holds each max's position inside its window (0..PH*PW-1) instead "
        "of its flat position h * W + w in the input plane",
    ),
    Mistake(
        "maxpool_stride_defaults_to_one", "pooling", POOLING,
        '''
_ref_maxpool_forward = maxpool_forward


def maxpool_forward(x, pool=2, stride=None):
    if stride is None:
        stride = 1                     # "stride defaults to 1", as for a convolution
    return _ref_maxpool_forward(x, pool, stride)
''',
        "max pooling defaults the stride to 1 (as a convolution does) instead of the pool size",
    ),
    Mistake(
        "maxpool_ceil_mode", "pooling", POOLING,
        '''
from ..im2col.im2col import kernel_pair

_ref_maxpool_forward = maxpool_forward


def maxpool_forward(x, pool=2, stride=None):
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    # ceil: a last, partial window is kept by padding the bottom/right with -inf
    extra_h, extra_w = (-(H - PH)) % s, (-(W - PW)) % s
    xp = np.pad(x, ((0, 0), (0, extra_h), (0, extra_w), (0, 0)), constant_values=-np.inf)
    return _ref_maxpool_forward(xp.astype(x.dtype), pool, stride)
''',
        "max pooling keeps a last partial window when the size does not divide (ceil, "
        "padding with -inf) instead of dropping it (floor)",
    ),
    Mistake(
        "avgpool_grad_not_divided", "pooling", POOLING,
        '''
from ..im2col.im2col import kernel_pair

_ref_avgpool_forward = avgpool_forward


def avgpool_forward(x, pool=2, stride=None):
    out, _ = _ref_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    return out, (x.shape, (PH, PW), PH if stride is None else stride)


def avgpool_backward(dout, cache):
    x_shape, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += dout   # not / (PH*PW)
    return dx


def _mutant_avg_layer_forward(self, x):
    out, self.cache = avgpool_forward(x, self.pool_size, self.stride)
    return out


def _mutant_avg_layer_backward(self, dout):
    return avgpool_backward(dout, self.cache)


AvgPool2D.forward, AvgPool2D.backward = _mutant_avg_layer_forward, _mutant_avg_layer_backward
''',
        "average-pool backward copies dout to every window entry without dividing by the "
        "window size PH*PW",
    ),
    Mistake(
        "global_avgpool_grad_not_divided", "pooling", POOLING,
        '''
_ref_global_avgpool_backward = global_avgpool_backward


def global_avgpool_backward(dout, cache):
    dx = _ref_global_avgpool_backward(dout, cache)
    N, H, W, C = dx.shape
    return dx * (H * W)                # broadcasts dout, forgets the 1 / (H*W)
''',
        "global average-pool backward broadcasts dout to every position without dividing by H*W",
    ),
    Mistake(
        "global_avgpool_backward_writes_into_dout", "pooling", POOLING,
        '''
_ref_global_avgpool_backward = global_avgpool_backward


def global_avgpool_backward(dout, cache):
    N, H, W, C = _ref_global_avgpool_backward(dout, cache).shape
    dout /= H * W                      # in place: the caller's array changes
    return np.broadcast_to(dout[:, None, None, :], (N, H, W, C)).copy()
''',
        "global average-pool backward divides dout in place (dout /= H*W), writing into its "
        "argument; right numbers, wrong for any caller that reuses dout",
    ),
]

# --------------------------------------------------------------------------- lenet

LENET = "lenet/lenet.py"

_LENET_INIT_WRAP = '''
_ref_lenet_init = LeNet5.__init__


def _mutant_swap_in_layers(layers, old, new):
    layers[next(k for k, layer in enumerate(layers) if layer is old)] = new
'''

# train() as the contract spells it out, with the two lines a mistake changes marked.
_TRAIN = '''
from .layers import OPTIMIZERS


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: unknown optimizer {{optimizer!r}}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = {order}
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            {step}
            total_loss += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history.append(
            {{"epoch": epoch, "loss": total_loss / len(X), "accuracy": correct / len(X)}}
        )
    return history
'''

LENET_MISTAKES = [
    Mistake(
        "softmax_unstable", "lenet", LENET,
        '''
def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(logits)                 # no max subtracted: overflows for large logits
    probs = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(N)
    loss = -np.log(probs[rows, y]).mean()
    dlogits = probs.copy()
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits.astype(logits.dtype, copy=False)
''',
        "softmax exponentiates the raw logits without subtracting each row's max, so large "
        "logits overflow to inf and the loss becomes nan",
    ),
    Mistake(
        "softmax_shifts_logits_in_place", "lenet", LENET,
        '''
_ref_softmax_cross_entropy = softmax_cross_entropy


def softmax_cross_entropy(logits, y):
    logits -= logits.max(axis=1, keepdims=True)    # stable, but writes into the argument
    return _ref_softmax_cross_entropy(logits, y)
''',
        "softmax subtracts the row max in place (logits -= ...), writing into the caller's "
        "logits",
    ),
    Mistake(
        "loss_summed_over_batch", "lenet", LENET,
        '''
_ref_softmax_cross_entropy = softmax_cross_entropy


def softmax_cross_entropy(logits, y):
    loss, dlogits = _ref_softmax_cross_entropy(logits, y)
    N = logits.shape[0]
    return loss * N, dlogits * N      # a sum over the batch: neither divided by N
''',
        "the loss is summed over the batch instead of averaged, and its gradient likewise "
        "not divided by N",
    ),
    Mistake(
        "loss_grad_not_divided_by_n", "lenet", LENET,
        '''
_ref_softmax_cross_entropy = softmax_cross_entropy


def softmax_cross_entropy(logits, y):
    loss, dlogits = _ref_softmax_cross_entropy(logits, y)
    return loss, dlogits * logits.shape[0]   # softmax - onehot, the / N forgotten
''',
        "the loss is the batch mean but its gradient is softmax - onehot, not divided by N",
    ),
    Mistake(
        "lenet_no_activation_after_c5", "lenet", LENET,
        _LENET_INIT_WRAP + '''

def _mutant_init(self, *args, **kwargs):
    _ref_lenet_init(self, *args, **kwargs)
    k = next(k for k, layer in enumerate(self.layers) if layer is self.c5)
    del self.layers[k + 1]             # C5 -> flatten, no activation


LeNet5.__init__ = _mutant_init
''',
        "LeNet5 has no activation after C5: C5 and F6 collapse into one linear map",
    ),
    Mistake(
        "lenet_pool_before_activation", "lenet", LENET,
        _LENET_INIT_WRAP + '''

def _mutant_init(self, *args, **kwargs):
    _ref_lenet_init(self, *args, **kwargs)
    for pool in (self.s2, self.s4):    # conv -> pool -> act: fine for max + ReLU, not here
        k = next(k for k, layer in enumerate(self.layers) if layer is pool)
        self.layers[k - 1], self.layers[k] = self.layers[k], self.layers[k - 1]


LeNet5.__init__ = _mutant_init
''',
        "LeNet5 pools before the activation (conv, pool, act), which matches act-then-pool "
        "only for max pooling with ReLU, not for the default average pooling",
    ),
    Mistake(
        "lenet_f6_100_units", "lenet", LENET,
        _LENET_INIT_WRAP + '''
from .layers import Dense as _Dense


def _mutant_init(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    _ref_lenet_init(self, activation, pool, rng, dtype)
    g = np.random.default_rng(rng)
    f6, f7 = _Dense(120, 100, rng=g, dtype=dtype), _Dense(100, 10, rng=g, dtype=dtype)
    _mutant_swap_in_layers(self.layers, self.f6, f6)
    _mutant_swap_in_layers(self.layers, self.f7, f7)
    self.f6, self.f7 = f6, f7          # "100 hidden units is a rounder number"


LeNet5.__init__ = _mutant_init
''',
        "F6 has 100 units instead of LeNet-5's 84, so the parameter count is off "
        "(63,670 instead of 61,706)",
    ),
    Mistake(
        "lenet_params_without_biases", "lenet", LENET,
        '''
_ref_lenet_params = LeNet5.params


def _mutant_params(self):
    for name, value, grad in _ref_lenet_params(self):
        if name.endswith(".w"):        # only the weights: the biases are never trained
            yield name, value, grad


LeNet5.params = _mutant_params
''',
        "LeNet5.params() yields the weights only, so the optimiser never updates the biases",
    ),
    Mistake(
        "lenet_same_seed_every_layer", "lenet", LENET,
        _LENET_INIT_WRAP + '''

def _mutant_init(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    _ref_lenet_init(self, activation, pool, rng, dtype)
    for name in ("c1", "c3", "c5", "f6", "f7"):
        layer = getattr(self, name)   # Conv2D(..., rng=rng): each layer its own generator
        fan_in = int(np.prod(layer.w.shape[:-1]))
        layer.w = (
            np.random.default_rng(rng).standard_normal(layer.w.shape) * np.sqrt(2.0 / fan_in)
        ).astype(layer.w.dtype)


LeNet5.__init__ = _mutant_init
''',
        "LeNet5 passes the seed itself to every layer instead of one shared generator, so "
        "each layer restarts the same random stream",
    ),
    Mistake(
        "predict_returns_max_logit", "lenet", LENET,
        '''
def _mutant_predict(self, x, batch_size=512):
    return np.concatenate(                # max, not argmax: the score, not the class
        [self.forward(x[i : i + batch_size]).max(axis=1) for i in range(0, len(x), batch_size)]
    )


LeNet5.predict = _mutant_predict
''',
        "predict returns each image's largest logit (max) instead of its class (argmax)",
    ),
    Mistake(
        "train_never_steps", "lenet", LENET,
        _TRAIN.format(
            order="rng.permutation(len(X))", step="pass  # opt.step(model.params()) forgotten"
        ),
        "train computes the loss and the gradients but never calls opt.step, so the model "
        "never changes",
    ),
    Mistake(
        "train_no_shuffle", "lenet", LENET,
        _TRAIN.format(order="np.arange(len(X))  # rng unused", step="opt.step(model.params())"),
        "train visits the images in the same, unshuffled order every epoch instead of "
        "rng.permutation(len(X))",
    ),
]

MISTAKES: list[Mistake] = [
    *PADDING_MISTAKES,
    *IM2COL_MISTAKES,
    *CONV_MISTAKES,
    *POOLING_MISTAKES,
    *LENET_MISTAKES,
]

# Mistakes that the visible and hidden suites do not catch yet (findings), with the test
# that would: tests/test_mistakes.py marks them xfail(strict=True), so the day a suite
# catches one, its XPASS says to delete the entry.
KNOWN_MISSES: dict[str, str] = {}

_names = [m.name for m in MISTAKES]
assert len(_names) == len(set(_names)), "mistake names must be unique"
assert all(m.part in PARTS for m in MISTAKES)
