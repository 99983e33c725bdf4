"""Writes the expected values the visible tests read (stages/s13_cnn/<part>/expected.npz).

    uv run python -m grader.hidden.expected_values            # rewrite every file
    uv run python -m grader.hidden.expected_values --check    # exit 1 if one is stale

The cases and their inputs come from coursekit.expected and coursekit.anchors (the anchors'
values are computed in grader/hidden/anchor_values.py); every number is the reference's
(solutions/), loaded as in the hidden suites. tests/coursekit/test_expected.py runs the check.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from coursekit import expected as E
from grader.hidden.anchor_values import ANCHORS
from grader.hidden.conftest import load_reference

# Known wrong variants, computed through the reference, so that a failure can name them.


def _padded_shape(g) -> tuple[int, int, int, int]:
    return (g.N, g.H + 2 * g.pad, g.W + 2 * g.pad, g.C)


def _im2col_step1(ref, x, g) -> np.ndarray:
    """im2col whose windows start at step 1 whatever the stride (the first H_out x W_out)."""
    cols = ref.im2col.im2col(x, (g.KH, g.KW), 1, g.pad)
    H1, W1 = g.H + 2 * g.pad - g.KH + 1, g.W + 2 * g.pad - g.KW + 1
    cols = cols.reshape(g.N, H1, W1, -1)[:, : g.H_out, : g.W_out]
    return cols.reshape(g.N * g.H_out * g.W_out, -1)


def _col2im_step1(ref, cols, g) -> np.ndarray:
    """col2im that scatters window (h, w) back at (h, w) instead of (h*stride, w*stride)."""
    H1, W1 = g.H + 2 * g.pad - g.KH + 1, g.W + 2 * g.pad - g.KW + 1
    spread = np.zeros((g.N, H1, W1, cols.shape[1]), cols.dtype)
    spread[:, : g.H_out, : g.W_out] = cols.reshape(g.N, g.H_out, g.W_out, -1)
    full = ref.im2col.col2im(spread.reshape(-1, cols.shape[1]), _padded_shape(g),
                             (g.KH, g.KW), 1, 0)  # fmt: skip
    return full[:, g.pad : g.pad + g.H, g.pad : g.pad + g.W]


def _col2im_uncropped_top_left(ref, cols, g) -> np.ndarray:
    """col2im into the padded buffer, cropped at [0:H, 0:W] instead of [pad:pad + H, ...]."""
    full = ref.im2col.col2im(cols, _padded_shape(g), (g.KH, g.KW), g.stride, 0)
    return full[:, : g.H, : g.W]


def _im2col_variants(cols, g) -> dict[str, np.ndarray]:
    """im2col's result with its columns in (c, kh, kw) order, with its rows in (n, w_out,
    h_out) order, and (when some window fits) the shape it has when the padding is ignored."""
    by_channel = cols.reshape(-1, g.KH, g.KW, g.C).transpose(0, 3, 1, 2)
    by_column = cols.reshape(g.N, g.H_out, g.W_out, -1).transpose(0, 2, 1, 3)
    found = {
        "im2col_c_kh_kw": by_channel.reshape(cols.shape),
        "im2col_w_before_h": by_column.reshape(cols.shape),
    }
    H0, W0 = g.H - g.KH + 1, g.W - g.KW + 1
    if g.pad and H0 > 0 and W0 > 0:
        H0, W0 = (H0 - 1) // g.stride + 1, (W0 - 1) // g.stride + 1
        found["im2col_nopad_shape"] = np.array([g.N * H0 * W0, cols.shape[1]])
    return found


def _im2col(ref) -> dict[str, np.ndarray]:
    out = {}
    for case in E.IM2COL_CASES:
        g, (x, *_) = case.g, case.inputs()
        kernel, cols, name = (g.KH, g.KW), case.cols(), case.name
        out[f"{name}.im2col"] = ref.im2col.im2col(x, kernel, g.stride, g.pad)
        for k, v in _im2col_variants(out[f"{name}.im2col"], g).items():
            out[f"{name}.{k}"] = v
        out[f"{name}.col2im"] = ref.im2col.col2im(cols, g.x_shape, kernel, g.stride, g.pad)
        if g.stride > 1:
            out[f"{name}.im2col_step1"] = _im2col_step1(ref, x, g)
            out[f"{name}.col2im_step1"] = _col2im_step1(ref, cols, g)
        if g.pad > 0:
            out[f"{name}.col2im_crop_top_left"] = _col2im_uncropped_top_left(ref, cols, g)
    return out


def _conv(ref) -> dict[str, np.ndarray]:
    conv, out = ref.conv, {}
    for case in E.CONV_CASES:
        g, (x, w, b, dout) = case.g, case.inputs()
        result, cache = conv.conv_forward(x, w, b, g.stride, g.pad)
        dx, dw, db = conv.conv_backward(dout, cache)
        flipped = np.ascontiguousarray(w[::-1, ::-1])
        if g.stride > 1:
            dcols = dout.reshape(-1, g.F) @ w.reshape(-1, g.F).T
            out[f"{case.name}.dx_step1"] = _col2im_step1(ref, dcols.astype(dout.dtype), g)
        if g.N > 1:
            _, last = conv.conv_forward(x[-1:], w, b, g.stride, g.pad)
            out[f"{case.name}.dw_last_image"] = conv.conv_backward(dout[-1:], last)[1]
        _, flipped_cache = conv.conv_forward(x, flipped, b, g.stride, g.pad)
        out |= {
            f"{case.name}.dx_flipped": conv.conv_backward(dout, flipped_cache)[0],
            f"{case.name}.out": result,
            f"{case.name}.out_flipped": conv.conv_forward(x, flipped, b, g.stride, g.pad)[0],
            f"{case.name}.out_no_bias": conv.conv_forward(x, w, 0 * b, g.stride, g.pad)[0],
            f"{case.name}.dx": dx,
            f"{case.name}.dw": dw,
            f"{case.name}.db": db,
        }
    args, seed = E.CONV2D_INIT
    out["init.w"] = conv.Conv2D(*args, rng=seed).w
    return out


def _max_dx_routed(x, dout, g, which: str) -> np.ndarray:
    """Max-pool backward with ties routed to the "last" max, or to "all" of them."""
    dx = np.zeros(x.shape)
    for n, h, v, c in np.ndindex(*dout.shape):
        rows, cols = slice(h * g.step, h * g.step + g.PH), slice(v * g.step, v * g.step + g.PW)
        window = x[n, rows, cols, c]
        hit = window == window.max()
        if which == "last":
            last = np.flatnonzero(hit)[-1]
            hit = np.arange(hit.size).reshape(hit.shape) == last
        dx[n, rows, cols, c] += dout[n, h, v, c] * hit
    return dx.astype(x.dtype)


def _pool_variants(indices, g, name: str) -> dict[str, np.ndarray]:
    """The indices numbered inside their windows, and the output shapes with stride=None
    taken as 1 and with a last partial window kept (where they differ)."""
    h, w = np.meshgrid(np.arange(g.H_out), np.arange(g.W_out), indexing="ij")
    rows, cols = indices // g.W - (h * g.step)[None, :, :, None], indices % g.W
    found = {f"{name}.indices_inside": rows * g.PW + cols - (w * g.step)[None, :, :, None]}
    if g.stride is None:
        found[f"{name}.shape_stride1"] = np.array([g.N, g.H - g.PH + 1, g.W - g.PW + 1, g.C])
    ceil_h, ceil_w = -(-(g.H - g.PH) // g.step) + 1, -(-(g.W - g.PW) // g.step) + 1
    if (ceil_h, ceil_w) != (g.H_out, g.W_out):
        found[f"{name}.shape_ceil"] = np.array([g.N, ceil_h, ceil_w, g.C])
    return found


def _pooling(ref) -> dict[str, np.ndarray]:
    pooling, out = ref.pooling, {}
    for case in E.POOL_CASES:
        g, (x, dout) = case.g, case.inputs()
        top, cache = pooling.maxpool_forward(x, g.pool, g.stride)
        out[f"{case.name}.max_dx"] = pooling.maxpool_backward(dout, cache)
        if case.ties:
            out[f"{case.name}.max_dx_last"] = _max_dx_routed(x, dout, g, "last")
            out[f"{case.name}.max_dx_all"] = _max_dx_routed(x, dout, g, "all")
            continue
        layer = pooling.MaxPool2D(g.pool, g.stride)
        layer.forward(x)
        mean, cache = pooling.avgpool_forward(x, g.pool, g.stride)
        out |= _pool_variants(layer.indices, g, case.name)
        out |= {
            f"{case.name}.max": top,
            f"{case.name}.indices": layer.indices,
            f"{case.name}.avg": mean,
            f"{case.name}.avg_dx": pooling.avgpool_backward(dout, cache),
        }
    for i in range(len(E.GLOBAL_POOL_SHAPES)):
        x, dout = E.global_pool_inputs(i)
        mean, cache = pooling.global_avgpool_forward(x)
        out[f"global{i}.out"] = mean
        out[f"global{i}.dx"] = pooling.global_avgpool_backward(dout, cache)
    return out


def _lenet_reordered(model, layers: list) -> np.ndarray:
    """The logits of `model` with its layers run as `layers`."""
    model.layers, kept = layers, model.layers
    try:
        return model.forward(E.lenet_images())
    finally:
        model.layers = kept


def _lenet(ref) -> dict[str, np.ndarray]:
    model = ref.lenet.LeNet5(rng=E.LENET_INIT_SEED)
    layers = list(model.layers)
    k = layers.index(model.c5)
    pool_first = list(layers)
    for pool in (model.s2, model.s4):  # conv, pool, act instead of conv, act, pool
        j = pool_first.index(pool)
        pool_first[j - 1], pool_first[j] = pool_first[j], pool_first[j - 1]
    rng, n, seed = E.LENET_PREDICT
    labels = ref.lenet.LeNet5(rng=rng).predict(E.lenet_images(n, seed))
    return {
        "predict.labels": labels,
        "init.c1.w": model.c1.w,
        "init.c3.w": model.c3.w,
        "forward.logits": model.forward(E.lenet_images()),
        "forward.logits_no_c5_act": _lenet_reordered(model, layers[: k + 1] + layers[k + 2 :]),
        "forward.logits_pool_first": _lenet_reordered(model, pool_first),
    }


BUILDERS = {"im2col": _im2col, "conv": _conv, "pooling": _pooling, "lenet": _lenet}
PARTS = tuple(dict.fromkeys([*BUILDERS, *ANCHORS]))  # the parts with an expected.npz


def compute(part: str) -> dict[str, np.ndarray]:
    """The expected values of one part, computed now by the reference."""
    ref = load_reference()
    found = BUILDERS[part](ref) if part in BUILDERS else {}
    anchors = ANCHORS[part](ref) if part in ANCHORS else {}
    assert not set(found) & set(anchors), f"{part}: {set(found) & set(anchors)} computed twice"
    return {k: np.asarray(v) for k, v in (found | anchors).items()}


def stale(part: str) -> list[str]:
    """What differs between the file and a fresh computation (empty: current)."""
    path = E.expected_file(part)
    if not path.is_file():
        return [f"{path} is missing"]
    fresh = compute(part)
    with np.load(path, allow_pickle=False) as stored:
        keys = set(stored.files)
        problems = [f"{part}: {k} missing" for k in sorted(set(fresh) - keys)]
        problems += [f"{part}: {k} no longer computed" for k in sorted(keys - set(fresh))]
        for k in sorted(set(fresh) & keys):
            a, b = stored[k], fresh[k]
            rtol = 1e-5 if np.float32 in (a.dtype, b.dtype) else 1e-10
            if a.dtype != b.dtype or a.shape != b.shape or not np.allclose(a, b, rtol, rtol):
                problems.append(f"{part}: {k} differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.hidden.expected_values")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = [p for part in PARTS for p in stale(part)]
        print("\n".join(problems) or "expected values are current")
        return 1 if problems else 0
    for part in PARTS:
        path = E.expected_file(part)
        np.savez_compressed(path, **compute(part))
        print(f"wrote {path.relative_to(E.PROJECT_ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
