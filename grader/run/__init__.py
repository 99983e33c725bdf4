"""Stage 2: grade a staged submission: its parts split over shards, each a pytest process that is
read back as events."""
