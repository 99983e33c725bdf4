"""adam_step divides the raw gradient, not the corrected first moment, by sqrt(v_hat)."""

from ._adam import install

DIAGNOSIS = (
    "the raw gradient in the update instead of m_hat: p -= lr * m_hat / (sqrt(v_hat) + eps), "
    "m_hat = m / (1 - b1^t)"
)


def raw_grad_step(p, m, v, t, lr, b1, b2, eps):
    return lr * p.grad / ((v / (1 - b2**t)).sqrt() + eps)


install(step=raw_grad_step)
