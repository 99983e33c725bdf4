"""C3_TABLE's maps 6 to 11 read the four neighbouring S2 maps starting one map later,
(1, 2, 3, 4) for map 6 and so on, instead of starting at the map's own index."""

from s13_cnn.lenet_paper.lenet_paper import C3_TABLE as reference_C3_TABLE

CONCEPT = "C3 table rows 6-11 (four neighbours) shifted by one map"
NAMED_BY = ("table", "map 6", "maps 6", "table i")
LISTED = False

C3_TABLE = (
    reference_C3_TABLE[:6]
    + tuple(tuple(sorted((m + 1 + k) % 6 for k in range(4))) for m in range(6))
    + reference_C3_TABLE[12:]
)
