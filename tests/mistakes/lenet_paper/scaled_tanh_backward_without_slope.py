"""scaled_tanh_backward leaves out the slope S = 2/3: dout * (A^2 - y^2) / A."""

from s13_cnn.lenet_paper.lenet_paper import A

DIAGNOSIS = (
    "the slope 2/3 left out of the derivative: f'(a) = (S / A) * (A^2 - y^2), S = 2/3"
)


def scaled_tanh_backward(dout, y):
    return dout * (A * A - y * y) / A
