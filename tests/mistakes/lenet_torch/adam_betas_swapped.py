"""adam_step averages the gradient with beta2 and its square with beta1."""

from ._adam import install

DIAGNOSIS = (
    "beta1 and beta2 swapped: m = b1 m + (1 - b1) g and v = b2 v + (1 - b2) g^2, "
    "betas = (b1, b2)"
)


def swapped(m, v, g, b1, b2):
    return m.mul_(b2).add_(g, alpha=1 - b2), v.mul_(b1).addcmul_(g, g, value=1 - b1)


def corrected_swapped(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b2**t)) / ((v / (1 - b1**t)).sqrt() + eps)


install(moments=swapped, step=corrected_swapped)
