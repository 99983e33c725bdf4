"""C3_TABLE has one wrong entry: map 12 reads S2 maps (0, 1, 3, 5) instead of (0, 1, 3, 4)."""

from s13_cnn.lenet_paper.lenet_paper import C3_TABLE as REFERENCE_TABLE

DIAGNOSIS = "C3_TABLE differs from the paper's Table I (map 12 reads S2 maps 0, 1, 3, 4)"


C3_TABLE = (*REFERENCE_TABLE[:12], (0, 1, 3, 5), *REFERENCE_TABLE[13:])
