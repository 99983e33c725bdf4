"""Every function and method returns finite random noise wherever the reference returns a
float, in arrays and tensors of the right shape and dtype, and holds noise for weights
and gradients: the bound of the other submissions that degrade every output.

What it still earns it earns without computing a float: integer sizes, the arguments it
rejects, shapes, dtypes, updates made in place.
"""

import numpy as np

from ._outputs import degrade

NOISE = np.random.default_rng(20240617)


def noise_like(value, inputs):
    return NOISE.standard_normal(value.shape).astype(value.dtype)


degrade(globals(), noise_like)
