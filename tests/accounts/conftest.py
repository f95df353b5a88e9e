"""The accounts tests use the suite's ``world`` (tests/conftest.py)."""
