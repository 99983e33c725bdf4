"""LeNet5 pools before the activation (conv, pool, act), which matches act-then-pool only
for max pooling with ReLU, not for the default average pooling."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = "pool before the activation: each block is conv, activation, then pool"


reference_init = LeNet5.__init__


def init_pooling_first(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    for pool in (self.s2, self.s4):  # conv -> pool -> act: fine for max + ReLU, not here
        k = self.layers.index(pool)
        self.layers[k - 1], self.layers[k] = self.layers[k], self.layers[k - 1]


LeNet5.__init__ = init_pooling_first
