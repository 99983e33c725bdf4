"""What the course generates from solutions/: the learners' stubs and the handout."""
