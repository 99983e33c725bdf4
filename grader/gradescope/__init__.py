"""The Gradescope deployment: the bundle the instructor uploads and the autograder that runs in the
container."""
