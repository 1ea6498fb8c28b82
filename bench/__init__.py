"""Performance benchmarks: `make bench` runs bench/http.py (see docs/performance.md)."""
