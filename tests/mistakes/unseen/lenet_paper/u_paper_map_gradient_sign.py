"""map_loss's gradient adds exp(-y_i)/Z instead of subtracting it, the derivative of log Z taken
with the wrong sign.
"""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

CONCEPT = "sign error in the MAP gradient's competitive term"
NAMED_BY = ("wrong sign", "opposite sign", "sign flipped", "flipped sign", "minus sign",
            "sign of the", "exp(-y")
LISTED = False


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    N = y.shape[0]
    onehot = (dy * 0)
    onehot[range(N), labels] = 1.0 / N
    return loss, (2 * onehot - dy).astype(y.dtype, copy=False)
