"""train numbers the epochs from 0."""

from ._torch_training import install

DIAGNOSIS = "epochs counted from 0: the history's \"epoch\" counts from 1"

install(first_epoch=0)
