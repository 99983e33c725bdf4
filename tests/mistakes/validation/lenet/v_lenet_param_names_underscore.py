"""LeNet5.params names the parameters "c1_w", "c1_b", ... with an underscore instead of "c1.w"."""

from s13_cnn.lenet.lenet import PARAM_LAYERS, LeNet5

CONCEPT = "parameter names with '_' instead of '.' ('c1_w' for 'c1.w')"
NAMED_BY = ("parameter names", "c1.w", "c1_w", "names")
LISTED = True


def params_with_underscores(self):
    for lname in PARAM_LAYERS:
        for pname, value, grad in getattr(self, lname).params():
            yield f"{lname}_{pname}", value, grad


LeNet5.params = params_with_underscores
