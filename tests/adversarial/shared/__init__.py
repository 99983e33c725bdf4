"""Pieces shared by the attacks: inlined by attacks.build, never imported."""
