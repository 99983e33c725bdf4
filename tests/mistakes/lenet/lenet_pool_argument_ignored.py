"""LeNet5 always builds average pools, whatever the pool argument says."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "the pool argument ignored: S2 and S4 are POOLS[pool](2), max pooling for pool='max'"
)

reference_init = LeNet5.__init__


def init_always_avg(self, activation="relu", pool="avg", rng=None, **kwargs):
    if pool not in ("avg", "max"):
        raise ValueError(f"LeNet5: unknown pool {pool!r}")
    reference_init(self, activation, "avg", rng, **kwargs)


LeNet5.__init__ = init_always_avg
