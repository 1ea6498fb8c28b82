"""The services directory: the local services families can be helped to reach (what each offers, who it is for, how
to get there, how to contact it). Every member reads it; coordinators keep it up to date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.peers.forms_supporters import DirectoryEntryForm, DirectorySearchForm
from coproduce.peers.models import ServiceDirectoryEntry
from coproduce.peers.services import supporters as services

VIEW = "peers.view_directory"
MANAGE = "peers.manage_directory"
PAGE_SIZE = 25


def entries_matching(organisation, *, text: str = "", stopped: bool = False):
    """The organisation's directory, searched by name, what it offers or who it is for."""
    entries = ServiceDirectoryEntry.objects.for_organisation(organisation)
    if not stopped:
        entries = entries.filter(active=True)
    if text:
        entries = entries.filter(Q(name__icontains=text) | Q(offers__icontains=text) | Q(who_for__icontains=text))
    return entries.order_by("-active", Lower("name"), "id")


@permission_required(VIEW)
def service_list(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    text = (values.get("q") or "").strip()
    entries = entries_matching(request.organisation, text=text, stopped=bool(values.get("stopped")))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "entries": list(page.object_list),
        "text": text,
        "filtered": bool(text or values.get("stopped")),
        "extra_query": query.urlencode(),
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
    }
    return render(request, "peers/directory/service_list.html", context)


def _form_page(request: HttpRequest, entry: ServiceDirectoryEntry | None) -> HttpResponse:
    posted = request.method == "POST"
    form = DirectoryEntryForm(request.POST if posted else None, instance=entry)
    if posted and form.is_valid():
        try:
            if entry is None:
                saved = services.directory_entry_create(
                    actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
                )
            else:
                saved = services.directory_entry_update(
                    actor=request.user, entry=entry, request=request, **form.cleaned_data
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if entry is None:
                messages.success(request, _("%(name)s has been added to the directory.") % {"name": saved.name})
            else:
                messages.success(request, _("Your changes to %(name)s have been saved.") % {"name": saved.name})
            return redirect("peers:service_list")
    title = _("Add a service to the directory") if entry is None else _("Change %(name)s") % {"name": entry.name}
    return render(request, "peers/directory/service_form.html", {"form": form, "entry": entry, "title": title})


@permission_required(MANAGE)
def service_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@permission_required(MANAGE)
def service_edit(request: HttpRequest, service_id) -> HttpResponse:
    return _form_page(request, get_for_member(request, ServiceDirectoryEntry.objects.all(), service_id))
