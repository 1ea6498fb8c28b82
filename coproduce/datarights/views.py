"""Data rights pages (in progress)."""

from django.http import Http404


def request_list(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def request_create(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def retention(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def request_detail(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_export(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_erase(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def my_request(request, **kwargs):  # replaced by the helper building this area
    raise Http404
