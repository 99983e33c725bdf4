"""adam_step divides by the corrected v itself instead of its square root."""

from ._adam import install

DIAGNOSIS = (
    "v_hat not square-rooted in the update: p -= lr * m_hat / (sqrt(v_hat) + eps)"
)


def step_without_sqrt(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b1**t)) / (v / (1 - b2**t) + eps)


install(step=step_without_sqrt)
