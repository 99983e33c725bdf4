"""Every function and method returns NaN wherever the reference returns a float, in
arrays and tensors of the right shape and dtype, and holds NaN weights and gradients.

It must score no more than noise_everywhere: a NaN passes no check that noise fails.
"""

import numpy as np

from ._outputs import degrade

BOUND = "noise_everywhere"


def nan_like(value, inputs):
    return np.full_like(value, np.nan)


degrade(globals(), nan_like)
