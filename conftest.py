"""Loads the shared test cast (tests/cast.py) for every test, in tests/ and in each app's tests/."""

pytest_plugins = ["tests.cast"]
