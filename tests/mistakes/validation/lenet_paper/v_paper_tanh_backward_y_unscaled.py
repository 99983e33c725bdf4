"""scaled_tanh_backward writes f'(a) = A * S * (1 - y^2), treating the output y as tanh(S a),
instead of (S / A) * (A^2 - y^2)."""

from s13_cnn.lenet_paper.lenet_paper import A, S

CONCEPT = "derivative uses y as if it were tanh(S a): A*S*(1 - y^2) instead of (S/A)(A^2 - y^2)"
NAMED_BY = ("y / a", "y/a", "a^2 - y^2", "a*a - y*y", "a**2 - y**2", "unscaled y",
            "y instead of tanh")
LISTED = False


def scaled_tanh_backward(dout, y):
    return dout * (A * S * (1 - y * y))
