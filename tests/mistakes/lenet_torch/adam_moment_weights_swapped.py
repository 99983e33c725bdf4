"""adam_step's moments keep (1 - b) of the old value and add b of the new gradient:
m = (1 - b1) m + b1 g and v = (1 - b2) v + b2 g^2."""

from ._adam import install

DIAGNOSIS = (
    "the moments' weights swapped, b on the new gradient: the old moment keeps b, "
    "m = b1 m + (1 - b1) g and v = b2 v + (1 - b2) g^2"
)


def moments_weights_swapped(m, v, g, b1, b2):
    return m.mul_(1 - b1).add_(g, alpha=b1), v.mul_(1 - b2).addcmul_(g, g, value=b2)


install(moments=moments_weights_swapped)
