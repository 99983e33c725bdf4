"""The project's fastest NumPy LeNet-5, for benchmarks/bench_lenet.py.

Not teaching code: it computes what solutions' LeNet5(activation="tanh", pool="avg") and
layers.Adam compute (tests/benchmarks/test_fast_lenet.py holds it to that), in layouts
chosen for speed. See benchmarks/README.md for what each choice buys.
"""

from .adam import FlatAdam
from .model import FastLeNet5, softmax_cross_entropy

__all__ = ["FastLeNet5", "FlatAdam", "softmax_cross_entropy"]
