"""C3_TABLE has one misread entry: map 9 is wired to S2 maps (0, 2, 4, 5) instead of the
paper's (0, 3, 4, 5).
"""

from s13_cnn.lenet_paper.lenet_paper import C3_TABLE as reference_c3_table

CONCEPT = "a wrong entry in the C3 connection table"
NAMED_BY = ("c3_table", "c3 table", "table i", "connection table", "wrong entry",
            "map 9", "connections")
LISTED = True

C3_TABLE = tuple((0, 2, 4, 5) if m == 9 else maps for m, maps in enumerate(reference_c3_table))
