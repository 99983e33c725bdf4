"""adam_step accumulates |g| instead of g^2 into the second moment v."""

from ._adam import install

DIAGNOSIS = (
    "v built from |g| instead of g^2: the second moment averages the squared gradient, "
    "v = b2 v + (1 - b2) g * g"
)


def moments_v_of_abs_g(m, v, g, b1, b2):
    return m.mul_(b1).add_(g, alpha=1 - b1), v.mul_(b2).add_(g.abs(), alpha=1 - b2)


install(moments=moments_v_of_abs_g)
