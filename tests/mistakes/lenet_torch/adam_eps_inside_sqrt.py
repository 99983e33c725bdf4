"""adam_step adds eps under the square root: sqrt(v_hat + eps) instead of sqrt(v_hat) + eps."""

from ._adam import install

DIAGNOSIS = "eps inside the square root: the step divides by sqrt(v_hat) + eps"


def eps_inside(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b1**t)) / ((v / (1 - b2**t) + eps).sqrt())


install(step=eps_inside)
