"""A bench-only club app with one migration: bench/scale.py migrates it across many clubs for real."""
