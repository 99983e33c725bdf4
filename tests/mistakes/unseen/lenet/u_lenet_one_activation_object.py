"""LeNet5 builds one activation object and puts it at all four positions of `layers`, so its
cache holds only the last forward call's input.
"""

from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "one activation object reused at four positions"
NAMED_BY = ("one activation", "same activation", "activation object", "reused", "shared",
            "new activation", "four objects")
LISTED = True

reference_lenet_init = LeNet5.__init__


def init_sharing_activation(self, *args, **kwargs):
    reference_lenet_init(self, *args, **kwargs)
    act = self.layers[1]
    self.layers = [
        self.c1, act, self.s2,
        self.c3, act, self.s4,
        self.c5, act, self.flatten,
        self.f6, act, self.f7,
    ]


LeNet5.__init__ = init_sharing_activation
