"""C3_TABLE numbers the S2 maps from 1 to 6, as the paper's figure does, instead of from 0."""

from s13_cnn.lenet_paper.lenet_paper import C3_TABLE as reference_C3_TABLE

CONCEPT = "C3 table maps numbered from 1 (1-based) instead of 0"
NAMED_BY = ("from 1", "numbered from", "1-based", "one-based", "off by one", "index 6",
            "maps 1 to 6")
LISTED = True

C3_TABLE = tuple(tuple(c + 1 for c in maps) for maps in reference_C3_TABLE)
