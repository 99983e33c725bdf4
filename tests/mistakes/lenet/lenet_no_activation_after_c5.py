"""LeNet5 has no activation after C5: C5 and F6 collapse into one linear map."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "no activation after C5: C5, activation, flatten; without it C5 and F6 collapse into one "
    "linear map"
)


reference_init = LeNet5.__init__


def init_without_c5_activation(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    k = self.layers.index(self.c5)
    del self.layers[k + 1]  # C5 -> flatten, no activation


LeNet5.__init__ = init_without_c5_activation
