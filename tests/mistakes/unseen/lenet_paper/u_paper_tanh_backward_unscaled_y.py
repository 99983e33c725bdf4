"""scaled_tanh_backward writes f'(a) = A * S * (1 - y^2) with y the scaled output, forgetting
that tanh(S a) is y / A.
"""

from s13_cnn.lenet_paper.lenet_paper import A, S

CONCEPT = "derivative uses y where tanh(S a) = y / A belongs"
NAMED_BY = ("y / a", "y/a", "a^2 - y^2", "a**2 - y**2", "(s / a)", "tanh(s a)",
            "scaled output")
LISTED = False


def scaled_tanh_backward(dout, y):
    return dout * (A * S * (1 - y * y))
