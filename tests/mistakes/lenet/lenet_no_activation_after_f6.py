"""LeNet5 has no activation after F6: F6 and F7 collapse into one linear map."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "no activation after F6: F6, activation, F7; without it F6 and F7 collapse into one linear "
    "map"
)

reference_init = LeNet5.__init__


def init_without_f6_activation(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    k = self.layers.index(self.f6)
    del self.layers[k + 1]


LeNet5.__init__ = init_without_f6_activation
