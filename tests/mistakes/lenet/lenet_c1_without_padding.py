"""LeNet5's C1 has no padding: 28x28 shrinks to 24x24, and C5 no longer fits."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "C1 without padding: C1 is a 5x5 conv with pad 2, keeping 28x28 (then 14, 10, 5 and 1)"
)

reference_init = LeNet5.__init__


def init_c1_unpadded(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    self.c1.pad = 0


LeNet5.__init__ = init_c1_unpadded
