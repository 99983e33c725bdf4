"""train counts the right answers with a second forward pass after the step, not with the
batch's logits before it."""

from ._training import install

DIAGNOSIS = (
    "the accuracy measured after the step: count the right argmax of each batch's logits "
    "before its step"
)

install(accuracy_after_step=True)
