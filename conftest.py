"""Loads the shared test cast (tests/cast.py) for every test, in tests/ and in each app's tests/, and sets up
hypothesis for the property tests: no deadline per example, since tests never assert wall-clock time (a busy CI
machine would otherwise fail a correct test)."""

from hypothesis import settings

settings.register_profile("coproduce", deadline=None)
settings.load_profile("coproduce")

pytest_plugins = ["tests.cast"]
