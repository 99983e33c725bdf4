"""LeNet5Paper has no squashing after S2 and S4: only after C1, C3, C5 and F6."""

from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

DIAGNOSIS = (
    "no squashing after the subsampling layers: the paper puts a scaled tanh after C1, S2, "
    "C3, S4, C5 and F6"
)

reference_init = LeNet5Paper.__init__


def init_without_squash_after_s(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    for pool in (self.s2, self.s4):
        k = self.layers.index(pool)
        del self.layers[k + 1]


LeNet5Paper.__init__ = init_without_squash_after_s
