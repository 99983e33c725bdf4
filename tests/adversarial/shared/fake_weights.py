"""A fake grader.hidden.weights a submission ships.
"""

# ---- appended to the submission below this line
"""A fake grader.hidden.weights: nothing is worth a point, so nothing can be lost."""
DEFAULT_WEIGHT = 0.0


def points_for(file_name, function_name):
    return 0.0
