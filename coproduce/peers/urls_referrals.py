"""Peer support URLs (see urls.py)."""

urlpatterns: list = []
