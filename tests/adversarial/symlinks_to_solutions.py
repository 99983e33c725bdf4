"""Attack symlinks_to_solutions: submits padding/padding.py as a symbolic link to the
instructor's reference, and im2col/ as a link to the reference folder.
"""

ATTACK = {
    "base": "stubs",
    "symlinks": {
        "s13_cnn/padding/padding.py": "__ADV_SOLUTIONS__/padding/padding.py",
        "s13_cnn/im2col": "__ADV_SOLUTIONS__/im2col",
    },
    "kind": "intake",
    "why": ("stub used for missing padding/padding.py",),
}

# ---- appended to the submission below this line
