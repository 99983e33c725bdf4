"""Attack ships_hostile_files: ships conftest.py (root, s13_cnn/, padding/) forcing reports to
passed; pytest.ini, tox.ini, setup.cfg, pyproject.toml disabling the grader; look-alike
tests; a fake grader/ (plugin, weights 0) and coursekit/checks.py; sitecustomize,
usercustomize, a .pth; hostile __init__.py files; a reference .pyc (unchecked hash, PEP 552)
beside the stub.
"""

ATTACK = {
    "base": "stubs",
    "extra_files": {
        "conftest.py": "shared/forged_conftest.py",
        "s13_cnn/conftest.py": "shared/forged_conftest.py",
        "s13_cnn/padding/conftest.py": "shared/forged_conftest.py",
        "pytest.ini": '''[pytest]
addopts = -p no:grader.plugin.hooks -p no:terminal -q --co --deselect=grader --ignore=grader
python_files = nothing_matches_*.py
testpaths = nowhere
''',
        "tox.ini": '''[pytest]
addopts = -p no:grader.plugin.hooks -p no:terminal -q --co --deselect=grader --ignore=grader
python_files = nothing_matches_*.py
testpaths = nowhere
''',
        "setup.cfg": '''[tool:pytest]
addopts = -p no:grader.plugin.hooks -p no:terminal -q --co --deselect=grader --ignore=grader
python_files = nothing_matches_*.py
testpaths = nowhere
''',
        "pyproject.toml": '''[project]
name = "innocent"
version = "0"

[tool.pytest.ini_options]
addopts = "-p no:grader.plugin.hooks --co"
python_files = ["nothing_matches_*.py"]
''',
        "s13_cnn/pytest.ini": '''[pytest]
addopts = -p no:grader.plugin.hooks -p no:terminal -q --co --deselect=grader --ignore=grader
python_files = nothing_matches_*.py
testpaths = nowhere
''',
        "s13_cnn/padding/test_padding.py": "shared/fake_tests.py",
        "tests/test_padding_hidden.py": "shared/fake_tests.py",
        "grader/__init__.py": "",
        "grader/plugin/__init__.py": "",
        "grader/plugin/hooks.py": "shared/fake_plugin.py",
        "grader/hidden/weights.py": "shared/fake_weights.py",
        "grader/hidden/__init__.py": "",
        "grader/hidden/test_padding_hidden.py": "shared/fake_tests.py",
        "coursekit/__init__.py": "",
        "coursekit/checks.py": "shared/fake_checks.py",
        "sitecustomize.py": "shared/forged_sitecustomize.py",
        "usercustomize.py": "shared/forged_sitecustomize.py",
        "s13_cnn/sitecustomize.py": "shared/forged_sitecustomize.py",
        "zz_forge.pth": '''import sitecustomize
''',
        "s13_cnn/__init__.py": "shared/forged_init.py",
        "s13_cnn/padding/__init__.py": "shared/forged_init.py",
        "s13_cnn/padding/__pycache__/padding.cpython-311.pyc": b'',
    },
    "naive_safe": True,
}

# ---- appended to the submission below this line
