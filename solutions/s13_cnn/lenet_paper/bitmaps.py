# GIVEN
"""GIVEN, COMPLETE: the ten 7x12 digit bitmaps behind the RBF output codes.

LeNet-5's output layer compares F6's 84 numbers with one fixed code per class, and the
paper drew those codes as stylised 7x12 pictures of the digits (its Figure 3). No
machine-readable copy of that figure exists, so these ten were drawn for this course:
same size, same idea (a black pixel is +1, a white one -1), our own strokes. You don't
edit this file; lenet_paper.py turns the bitmaps into codes.
"""

from __future__ import annotations

import numpy as np

_DRAWN = (
    # 0        1          2          3          4
    """
..###..|...#...|..###..|..###..|....#..
.#...#.|..##...|.#...#.|.#...#.|...##..
#.....#|.#.#...|#.....#|#.....#|...##..
#.....#|...#...|......#|......#|..#.#..
#.....#|...#...|.....#.|.....#.|..#.#..
#.....#|...#...|....#..|...##..|.#..#..
#.....#|...#...|...#...|.....#.|.#..#..
#.....#|...#...|..#....|......#|#######
#.....#|...#...|.#.....|#.....#|....#..
.#...#.|...#...|#......|.#...#.|....#..
..###..|...#...|#######|..###..|....#..
.......|.#####.|.......|.......|.......
""",
    # 5        6          7          8          9
    """
#######|...###.|#######|..###..|..###..
#......|..#....|......#|.#...#.|.#...#.
#......|.#.....|.....#.|#.....#|#.....#
#.###..|#......|.....#.|.#...#.|#.....#
##...#.|#.###..|....#..|..###..|#.....#
......#|##...#.|....#..|.#...#.|.#...##
......#|#.....#|...#...|#.....#|..###.#
......#|#.....#|...#...|#.....#|......#
#.....#|#.....#|..#....|#.....#|.....#.
.#...#.|.#...#.|..#....|.#...#.|....#..
..###..|..###..|..#....|..###..|.###...
.......|.......|.......|.......|.......
""",
)


def _parse(blocks: tuple[str, ...]) -> np.ndarray:
    digits = []
    for block in blocks:
        rows = [line.split("|") for line in block.strip().splitlines()]
        for k in range(len(rows[0])):
            digits.append([[c == "#" for c in row[k]] for row in rows])
    return np.array(digits, dtype=np.int8)


DIGIT_BITMAPS = _parse(_DRAWN)  # (10, 12, 7): 12 rows of 7 pixels, 1 = black (ink)
DIGIT_BITMAPS.setflags(write=False)
