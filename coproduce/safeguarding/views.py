"""Safeguarding pages (in progress)."""

from django.http import Http404


def concern_list(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def concern_raise(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def arrangements(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def concern_detail(request, **kwargs):  # replaced by the helper building this area
    raise Http404
