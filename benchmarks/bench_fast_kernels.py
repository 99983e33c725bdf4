"""What each idea of fastnet/ buys: its kernels against the reference's, on LeNet-5's shapes.

    uv run python benchmarks/bench_fast_kernels.py [--threads 1] [--repeats 200]

Each row times the reference's way and fastnet's way of one piece of a training step
(batch 64, float32), called alternately, and keeps the fastest call of each
(coursekit.speed.paired_seconds: robust on a shared machine). Ratios are fast / reference.
Each kernel runs on its own, on data it just used: bench_lenet.py has them in a real step.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("--threads", type=int, default=1)
p.add_argument("--repeats", type=int, default=200)
ARGS = p.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)  # before NumPy is imported
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from fastnet import FastLeNet5, FlatAdam  # noqa: E402
from fastnet.buffers import C1, C3, Buffers  # noqa: E402
from fastnet.passes import (  # noqa: E402
    avgpool2,
    conv3_backward,
    conv3_forward,
    no_lap,
    spread,
    tanh_pool_backward,
)

from coursekit.seam import load_as  # noqa: E402
from coursekit.speed import paired_seconds  # noqa: E402

REF = load_as("solutions", "_s13_kernels_reference")
N = 64


def cases(rng: np.random.Generator):
    """(name, the reference's way, fastnet's way), on the inputs each layer sees."""
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)  # noqa: E731
    b = Buffers(N)
    x1, x3, dcols = f32(N, 28, 28, 1), f32(N, 14, 14, 6), f32(N * 100, 150)
    C1.image(b.x1)[0, :, 2:30, 2:30] = x1[..., 0]
    b.x3[...] = x3
    b.dcols3[...] = f32(*b.dcols3.shape)
    yield "c1 im2col", lambda: REF.im2col.im2col(x1, 5, 1, 2), lambda: C1.im2col(b.x1, b.cols1)
    yield "c3 col2im", lambda: REF.im2col.col2im(dcols, x3.shape, 5), \
        lambda: C3.col2im(b.dcols3, b.dx3)  # fmt: skip
    w1, b1, dout1, W1, dW1 = f32(5, 5, 1, 6), f32(6), f32(N, 28, 28, 6), f32(6, 26), f32(6, 26)

    def ref_c1():
        out, cache = REF.conv.conv_forward(x1, w1, b1, pad=2)
        return REF.conv.conv_param_grads(dout1, cache)  # C1 needs no dx

    def fast_c1():
        C1.im2col(b.x1, b.cols1)
        np.matmul(W1, b.cols1, out=b.a1)
        np.matmul(b.dz1, b.cols1.T, out=dW1)

    yield "c1 forward + backward", ref_c1, fast_c1
    w3, b3, dout3 = f32(5, 5, 6, 16), f32(16), f32(N, 10, 10, 16)
    W3, dW3 = f32(16, 151), f32(16, 151)
    b.dz3[...] = dout3.reshape(-1, 16)

    def ref_c3():
        out, cache = REF.conv.conv_forward(x3, w3, b3)
        return REF.conv.conv_backward(dout3, cache)

    def fast_c3():
        conv3_forward(W3, b, no_lap)
        conv3_backward(W3, dW3, b, no_lap)

    yield "c3 forward + backward", ref_c3, fast_c3
    a1 = np.tanh(f32(N, 28, 28, 6))
    b.a1[...] = np.tanh(f32(*b.a1.shape))
    pool, act = REF.pooling.AvgPool2D(2), REF.layers.Tanh()
    act.forward(a1)
    pool.forward(a1)
    ds2 = f32(N, 14, 14, 6)
    a1_fast = C1.valid(b.a1).reshape(6 * N, 28, 28)
    p2, s2, up2 = (a.reshape(6 * N, 14, -1) for a in (b.p2, b.s2, b.up2))
    yield "s2 pool forward", lambda: pool.forward(a1), lambda: avgpool2(a1_fast, p2, s2)
    yield "s2 pool + c1 tanh backward", lambda: act.backward(pool.backward(ds2)), \
        lambda: (spread(s2, up2), tanh_pool_backward(b.a1, up2, b.g1, b.dz1))  # fmt: skip
    model = REF.lenet.LeNet5("tanh", "avg", rng=0, dtype=np.float32)
    net = FastLeNet5.like(model)
    opt, fast_opt = REF.layers.Adam(), FlatAdam(net.params, net.grads)
    yield "Adam step", lambda: opt.step(model.params()), fast_opt.step
    # The whole step is bench_lenet.py's: a step of 5 ms rarely runs undisturbed here.


def main() -> int:
    print(f"fastnet's kernels against the reference's, batch {N}, float32, "
          f"{ARGS.threads} BLAS thread(s); load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'':30s}{'reference':>12s}{'fast':>10s}{'fast/ref':>10s}")
    for name, ref, fast in cases(np.random.default_rng(0)):
        t_fast, t_ref = paired_seconds(fast, ref, repeats=ARGS.repeats, max_total=5.0)
        print(f"  {name:28s}{t_ref * 1e6:9.0f} us{t_fast * 1e6:7.0f} us{t_fast / t_ref:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
