"""Part 6, exercises: receptive fields and initialisation."""
