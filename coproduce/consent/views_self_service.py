"""Self-service pages (in progress)."""

from django.http import Http404


def request_link(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_information(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_details(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_needs(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_consents(request, **kwargs):  # replaced by the helper building this area
    raise Http404
