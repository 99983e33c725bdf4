"""C3_TABLE copied with maps 4 and 5 in wrap-around order, (4, 5, 0) and (5, 0, 1), as an
older README printed Table I: the right maps, but the kernels follow the table's order."""

from s13_cnn.lenet_paper.lenet_paper import C3_TABLE as REFERENCE_TABLE

DIAGNOSIS = (
    "C3_TABLE's maps 4 and 5 in wrap-around order, (4, 5, 0) and (5, 0, 1): each map lists "
    "its S2 maps in ascending order, (0, 4, 5) and (0, 1, 5), and its kernels follow that order"
)

C3_TABLE = (*REFERENCE_TABLE[:4], (4, 5, 0), (5, 0, 1), *REFERENCE_TABLE[6:])
