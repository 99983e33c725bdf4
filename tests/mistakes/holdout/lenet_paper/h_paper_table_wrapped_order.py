"""C3_TABLE writes the wrap-around neighbour tuples in wrap order, (4, 5, 0), (5, 0, 1),
(3, 4, 5, 0), ..., instead of listing each tuple's maps in increasing order."""

CONCEPT = "Table I tuples with the right maps in wrap-around (not increasing) order"
NAMED_BY = (
    "increasing order",
    "order inside",
    "another order",
    "wrap",
    "sorted",
    "(0, 4, 5)",
    "order of the maps",
    "maps in order",
)
LISTED = False

C3_TABLE = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (4, 5, 0), (5, 0, 1),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (3, 4, 5, 0), (4, 5, 0, 1), (5, 0, 1, 2),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)  # fmt: skip
