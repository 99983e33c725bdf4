"""adam_step's bias corrections divide by (1 - b)^t instead of 1 - b^t."""

from ._adam import install

DIAGNOSIS = (
    "the bias correction (1 - b)^t instead of 1 - b^t: m_hat = m / (1 - b1**t), "
    "v_hat = v / (1 - b2**t)"
)


def step_power_of_one_minus_beta(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b1) ** t) / ((v / (1 - b2) ** t).sqrt() + eps)


install(step=step_power_of_one_minus_beta)
