"""Helpers of the shared test cast, for `from tests.cast import ...` (the fixtures live in tests/cast.py,
loaded for the whole suite by the root conftest.py)."""

from tests.cast import PASSWORD, client_for, make_member

__all__ = ["PASSWORD", "client_for", "make_member"]
