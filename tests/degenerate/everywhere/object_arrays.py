"""Every function and method returns object arrays holding the reference's numbers
wherever the reference returns a float (a Python float too), and holds its weights and
gradients as object arrays."""

from ._outputs import degrade

BOUND = "noise_everywhere"
ALSO_EARNS = {  # only what crosses is typed object; inside, the numbers are the reference's
    "test_lenet_predict_returns_int_labels_of_the_argmax": "int labels of the right logits",
}


def as_objects(value, inputs):
    return value.astype(object)


degrade(globals(), as_objects)
