"""scaled_tanh_backward uses the derivative of plain tanh, dout * (1 - y^2), instead of
(S / A) * (A^2 - y^2).
"""

CONCEPT = "derivative of plain tanh used for the scaled tanh"
NAMED_BY = ("derivative", "1 - y^2", "1 - y**2", "1 - y*y", "plain tanh", "a^2 - y^2",
            "a*a - y*y", "s / a", "s/a")
LISTED = True


def scaled_tanh_backward(dout, y):
    return dout * (1 - y * y)
