"""Finding people and seeing one person's record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.core.access import get_for_member, permission_required
from coproduce.people.models import Person

PAGE_SIZE = 50


@permission_required("people.view_people")
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = (
        Person.objects.for_organisation(request.organisation)
        .search(query)
        .order_by(Lower("full_name"), "id")
        .only("id", "full_name", "preferred_name", "email", "phone", "postcode")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    extra_query = urlencode({"q": query}) if query else ""
    return render(request, "people/person_list.html", {"page": page, "query": query, "extra_query": extra_query})


@permission_required("people.view_people")
def person_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    person = get_for_member(request, Person.objects.prefetch_related("hubs"), person_id)
    return render(request, "people/person_detail.html", {"person": person})


def person_create(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def duplicates(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_edit(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def access_needs_edit(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_household(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def person_merge(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def household_detail(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def household_edit(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def child_edit(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def child_remove(request, **kwargs):  # replaced by the helper building this area
    raise Http404


def household_member_remove(request, **kwargs):  # replaced by the helper building this area
    raise Http404
