"""Equality pages (in progress)."""

from django.http import Http404


def summary(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_answers(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_answers(request, **kwargs):  # replaced by the helper building this area
    raise Http404
