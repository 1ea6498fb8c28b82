"""Consent pages (in progress)."""

from django.http import Http404


def person_consents(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def consent_record(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def consent_withdraw(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def send_link(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_share(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def notice_list(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def notice_create(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def agreement_list(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def agreement_edit(request, **kwargs):  # replaced by the helper building this area
    raise Http404
