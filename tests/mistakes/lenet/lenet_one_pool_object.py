"""LeNet5 makes one pooling layer and puts that same object at S2 and S4: forward is right,
but S4's forward overwrites what S2 kept for backward, so backward fails at S2."""

from s13_cnn.lenet.lenet import LeNet5

reference_init = LeNet5.__init__


def init_one_pool(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    self.s4 = self.s2
    self.layers = [self.s2 if layer is self.layers[5] else layer for layer in self.layers]


LeNet5.__init__ = init_one_pool
