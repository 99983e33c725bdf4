"""adam_step corrects the first moment's bias but not the second's."""

from ._adam import install

DIAGNOSIS = (
    "only m's bias corrected: both moments are, m_hat = m / (1 - b1^t) and "
    "v_hat = v / (1 - b2^t)"
)


def v_uncorrected(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b1**t)) / (v.sqrt() + eps)


install(step=v_uncorrected)
