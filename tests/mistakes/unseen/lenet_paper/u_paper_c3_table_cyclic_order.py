"""C3_TABLE lists the wrap-around neighbours in cyclic order, (4, 5, 0) instead of (0, 4, 5), so
the kernels are stored in another order than the paper's table.
"""

CONCEPT = "C3 table tuples written in cyclic, not increasing, order"
NAMED_BY = ("increasing order", "(0, 4, 5)", "(4, 5, 0)", "order inside", "cyclic",
            "table order", "sorted")
LISTED = False

C3_TABLE = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (4, 5, 0), (5, 0, 1),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (3, 4, 5, 0), (4, 5, 0, 1), (5, 0, 1, 2),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)
