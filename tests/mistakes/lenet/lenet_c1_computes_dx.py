"""LeNet5 leaves c1.input_grad True, so C1 computes a dx that nothing uses."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "c1.input_grad left True: nothing upstream of C1 needs dx, set c1.input_grad = False"
)

reference_init = LeNet5.__init__


def init_c1_with_dx(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    self.c1.input_grad = True


LeNet5.__init__ = init_c1_with_dx
