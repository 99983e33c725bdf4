"""scaled_tanh_backward scales by A / S instead of S / A: dout * (A / S) * (A^2 - y^2)."""

from s13_cnn.lenet_paper.lenet_paper import A, S

DIAGNOSIS = (
    "A / S instead of S / A: f'(a) = A S (1 - tanh(S a)^2) = (S / A) * (A^2 - y^2)"
)


def scaled_tanh_backward(dout, y):
    return dout * ((A / S) * (A * A - y * y))
