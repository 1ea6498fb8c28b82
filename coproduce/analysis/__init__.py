"""Pure-Python analysis for coproduce, fed plain values and dataclasses and unit-tested on plain data.

No Django imports anywhere in this package.
"""
