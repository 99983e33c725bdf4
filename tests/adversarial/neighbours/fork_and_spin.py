"""A hostile neighbour: appended to the reference's lenet/lenet.py, every call into the
module first starts fifty processes that spin forever, each in a session of its own and
orphaned (fork, setsid, fork), then does the reference's work.

tests/e2e/test_neighbours.py grades it beside the reference: the reference must keep its
points (its MNIST time box counts its own CPU time, not the machine's), the process cap
must stop the fifty at a few, and none of them may outlive the run.
"""

import functools as _nb_functools
import os as _nb_os

from s13_cnn.lenet.lenet import LeNet5  # noqa: F401 (where it is appended)


def _nb_spin_detached(count=50):
    for _ in range(count):
        try:
            pid = _nb_os.fork()
        except OSError:
            return  # the process cap
        if pid == 0:
            try:
                _nb_os.setsid()
                if _nb_os.fork() == 0:
                    while True:
                        pass
            finally:
                _nb_os._exit(0)
        _nb_os.waitpid(pid, 0)


def _nb_spinning(fn):
    @_nb_functools.wraps(fn)
    def call(*args, **kwargs):
        _nb_spin_detached()
        return fn(*args, **kwargs)

    return call


for _nb_name, _nb_value in list(globals().items()):
    if _nb_name.startswith("_") or getattr(_nb_value, "__module__", None) != __name__:
        continue
    if isinstance(_nb_value, type):
        _nb_value.__init__ = _nb_spinning(_nb_value.__init__)
    elif callable(_nb_value):
        globals()[_nb_name] = _nb_spinning(_nb_value)
