"""Objects of the learning app (communities of practice, courses, induction, reflection) for the tenancy walk in
test_tenancy_urls.py: one factory per URL parameter."""

from __future__ import annotations

LEARNING_FACTORIES: dict = {}
