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


def _im2col(ref) -> dict[str, np.ndarray]:
    out = {}
    for case in E.IM2COL_CASES:
        g, (x, *_) = case.g, case.inputs()
        kernel, cols, name = (g.KH, g.KW), case.cols(), case.name
        out[f"{name}.im2col"] = ref.im2col.im2col(x, kernel, g.stride, g.pad)
        out[f"{name}.col2im"] = ref.im2col.col2im(cols, g.x_shape, kernel, g.stride, g.pad)
    return out


def _conv(ref) -> dict[str, np.ndarray]:
    conv, out = ref.conv, {}
    for case in E.CONV_CASES:
        g, (x, w, b, dout) = case.g, case.inputs()
        result, cache = conv.conv_forward(x, w, b, g.stride, g.pad)
        dx, dw, db = conv.conv_backward(dout, cache)
        out |= {
            f"{case.name}.out": result,
            f"{case.name}.dx": dx,
            f"{case.name}.dw": dw,
            f"{case.name}.db": db,
        }
    args, seed = E.CONV2D_INIT
    out["init.w"] = conv.Conv2D(*args, rng=seed).w
    return out


def _pooling(ref) -> dict[str, np.ndarray]:
    pooling, out = ref.pooling, {}
    for case in E.POOL_CASES:
        g, (x, dout) = case.g, case.inputs()
        top, cache = pooling.maxpool_forward(x, g.pool, g.stride)
        out[f"{case.name}.max_dx"] = pooling.maxpool_backward(dout, cache)
        if case.ties:
            continue
        layer = pooling.MaxPool2D(g.pool, g.stride)
        layer.forward(x)
        mean, cache = pooling.avgpool_forward(x, g.pool, g.stride)
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


def _lenet(ref) -> dict[str, np.ndarray]:
    model = ref.lenet.LeNet5(rng=E.LENET_INIT_SEED)
    rng, n, seed = E.LENET_PREDICT
    labels = ref.lenet.LeNet5(rng=rng).predict(E.lenet_images(n, seed))
    return {
        "predict.labels": labels,
        "init.c1.w": model.c1.w,
        "init.c3.w": model.c3.w,
        "forward.logits": model.forward(E.lenet_images()),
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
