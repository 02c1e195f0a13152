"""Benchmarks, run with ``python -m bench [NAME]`` (``make bench`` runs them all)."""
