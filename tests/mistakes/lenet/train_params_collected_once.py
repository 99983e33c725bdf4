"""train collects list(model.params()) once, before the loops, and hands that list to every
step: the values are the live arrays, but each backward stores new gradient arrays, so the
steps read the gradients from before the first backward."""

from ._training import install

DIAGNOSIS = (
    "the parameters collected once, before the loops (list(model.params())): each step reads "
    "stale gradients; call model.params() at every step"
)

install(params_once=True)
