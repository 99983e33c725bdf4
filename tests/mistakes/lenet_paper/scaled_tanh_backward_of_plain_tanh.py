"""scaled_tanh_backward uses plain tanh's derivative, dout * (1 - y^2), on the scaled output."""

DIAGNOSIS = (
    "plain tanh's derivative on the scaled output: f'(a) = (S / A) * (A^2 - y^2) for y = A "
    "tanh(S a)"
)



def scaled_tanh_backward(dout, y):
    return dout * (1 - y * y)
