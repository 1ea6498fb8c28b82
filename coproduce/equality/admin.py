"""Equality answers and snapshots are left out of the Django admin on purpose: platform administrators are not
the organisation's data protection officer, and the answers are seen by that role only (every read audited)."""
