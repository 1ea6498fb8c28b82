"""Importing and exporting people (in progress)."""

from django.http import Http404


def import_start(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def import_map(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def import_check(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def export(request, **kwargs):  # replaced by the helper building this area
    raise Http404
