"""Attack zip_slip_and_symlink_members: a .zip with a member '../escaped_conftest.py' (zip
slip), a symlink member to the reference conv.py and an absolute-path member.
"""

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "extra_files": {
        "../escaped_conftest.py": "shared/forged_conftest.py",
        "__ADV_MARKER__/zip_absolute_conftest.py": "shared/forged_conftest.py",
    },
    "symlinks": {
        "s13_cnn/conv/conv.py": "__ADV_SOLUTIONS__/conv/conv.py",
    },
    "as_zip": True,
    "deserves": "at_most",
    "kind": "intake",
    "statuses": ("invalid",),
    "why": ("bad zip",),
}

# ---- appended to the submission below this line
