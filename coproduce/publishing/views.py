"""Staff pages for what an organisation publishes: wins (with a photo shown in public only while everyone in it
agrees to photos), the glossary, the public site's settings, and translations of family-facing text. Published
offers have their own pages (views_offers.py).

Every member may read these pages; staff who run co-production write them; administrators and leads change the
public site's settings (see rules.py).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.contributions import files
from coproduce.core.access import get_for_member, member_required, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.core.translations import CONTENT_LANGUAGES, is_right_to_left
from coproduce.decisions.models import Promise
from coproduce.engagement.models import Activity
from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.publishing import queries, services
from coproduce.publishing.forms import GlossaryTermForm, PublicSiteForm, TranslationForm, WinForm
from coproduce.publishing.models import GlossaryTerm, OfferVersion, Win
from coproduce.publishing.plain_english import glossary_for, plain_english_check

VIEW = "publishing.view_publishing"
MANAGE = "publishing.manage_publishing"
MANAGE_SITE = "publishing.manage_public_site"
VIEW_PEOPLE = "people.view_people"
PAGE_SIZE = 25
PROMISES_OFFERED = 200
PEOPLE_FOUND = 20


def _win(request: HttpRequest, win_id, *, permission: str = VIEW) -> Win:
    return get_for_member(request, Win.objects.select_related("project", "promise"), win_id, permission=permission)


# Wins -------------------------------------------------------------------------------------------------------------


@permission_required(VIEW)
def win_list(request: HttpRequest) -> HttpResponse:
    """Published wins and drafts, newest first; whether each photo will show in public in two queries a page."""
    page = Paginator(queries.wins_for(request.organisation).order_by("-happened_on", "-created_at", "-id"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    context = {
        "page": page,
        "rows": rows,
        "public_photos": queries.wins_with_public_photos(rows),
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
    }
    return private(render(request, "publishing/win_list.html", context))


@permission_required(VIEW)
def win_detail(request: HttpRequest, win_id) -> HttpResponse:
    win = _win(request, win_id)
    can_see_people = request.user.has_perm(VIEW_PEOPLE, request.organisation)
    context = {
        "win": win,
        "photo": queries.win_photo_status(win),
        "pictured": queries.pictured_people(win) if can_see_people else [],
        "pictured_count": win.people_pictured.count(),
        "can_see_people": can_see_people,
        "can_manage": request.user.has_perm(MANAGE, win),
        "report": plain_english_check(request.organisation, win.story),
    }
    return private(render(request, "publishing/win_detail.html", context))


def _people_for_form(request: HttpRequest, win: Win | None, query: str) -> tuple[list[Person], list[Person] | None]:
    """The people the form offers: those already in the photo, those ticked in what was sent (only the
    organisation's, never erased ones newly), and those found by the search (None without one)."""
    organisation = request.organisation
    current = list(win.people_pictured.all()) if win is not None else []
    posted_ids = []
    for value in request.POST.getlist("people_pictured"):
        try:
            posted_ids.append(uuid.UUID(value))
        except ValueError:
            continue
    posted = list(Person.objects.for_organisation(organisation).not_erased().filter(pk__in=posted_ids))
    found = None
    if query.strip():
        found = list(
            Person.objects.for_organisation(organisation)
            .not_erased()
            .search(query)
            .order_by("full_name", "id")[:PEOPLE_FOUND]
        )
    people = {person.pk: person for person in [*current, *posted, *(found or [])]}
    return sorted(people.values(), key=lambda p: (p.display_name.lower(), str(p.pk))), found


def _win_form_page(request: HttpRequest, win: Win | None) -> HttpResponse:
    organisation = request.organisation
    projects = list(Project.objects.for_organisation(organisation).order_by("title", "id"))
    promises = list(Promise.objects.for_organisation(organisation).order_by("-created_at", "-id")[:PROMISES_OFFERED])
    if win is not None and win.promise is not None and win.promise not in promises:
        promises.insert(0, win.promise)
    posted = request.method == "POST"
    searching = posted and "find" in request.POST
    query = request.POST.get("q", "") if posted else ""
    people, found = _people_for_form(request, win, query if searching else "")
    options = {"organisation": organisation, "win": win, "projects": projects, "promises": promises, "people": people}
    if searching:
        # Finding people is not saving: show what was typed again, without complaining about it.
        initial = {name: request.POST.get(name, "") for name in ("title", "story", "happened_on", "project")}
        initial |= {name: request.POST.get(name, "") for name in ("promise", "photo_alt", "q")}
        initial["people_pictured"] = request.POST.getlist("people_pictured")
        initial["no_one_identifiable"] = bool(request.POST.get("no_one_identifiable"))
        form = WinForm(initial=initial, **options)
    else:
        initial = WinForm.initial_for(win) if win is not None else {}
        form = WinForm(request.POST if posted else None, request.FILES if posted else None, initial=initial, **options)
    if posted and not searching and form.is_valid():
        try:
            if win is None:
                saved = services.win_create(
                    actor=request.user,
                    organisation=organisation,
                    details=form.details(),
                    upload=form.cleaned_data.get("photo"),
                    request=request,
                )
                messages.success(request, _("The win has been saved as a draft. Publish it when it is ready."))
            else:
                saved = services.win_update(
                    actor=request.user,
                    win=win,
                    details=form.details(),
                    upload=form.cleaned_data.get("photo"),
                    request=request,
                )
                messages.success(request, _("Your changes to the win have been saved."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("publishing:win_detail", win_id=saved.pk)
    context = {"form": form, "win": win, "found": found, "searching": searching}
    return private(render(request, "publishing/win_form.html", context))


@files.with_upload_limit
@permission_required(MANAGE)
def win_create(request: HttpRequest) -> HttpResponse:
    return _win_form_page(request, None)


@files.with_upload_limit
@permission_required(MANAGE)
def win_edit(request: HttpRequest, win_id) -> HttpResponse:
    return _win_form_page(request, _win(request, win_id, permission=MANAGE))


@require_POST
@permission_required(MANAGE)
def win_publish(request: HttpRequest, win_id) -> HttpResponse:
    win = _win(request, win_id, permission=MANAGE)
    services.win_publish(actor=request.user, win=win, request=request)
    messages.success(request, _("The win is published on your public site."))
    return redirect("publishing:win_detail", win_id=win.pk)


@require_POST
@permission_required(MANAGE)
def win_unpublish(request: HttpRequest, win_id) -> HttpResponse:
    win = _win(request, win_id, permission=MANAGE)
    services.win_publish(actor=request.user, win=win, publish=False, request=request)
    messages.success(request, _("The win is no longer on your public site. It is kept as a draft."))
    return redirect("publishing:win_detail", win_id=win.pk)


@member_required
def win_photo(request: HttpRequest, win_id) -> HttpResponse:
    """The win's photo, privately, for members. A photo that may not be shown in public (someone in it does not
    agree to photos) is seen only by staff who can fix that; for anyone else it is not there (404)."""
    if not request.user.has_perm(VIEW, request.organisation):
        raise Http404
    win = _win(request, win_id)
    if not win.photo:
        return redirect("publishing:win_detail", win_id=win.pk)
    file_type = services.photo_type(win)
    if file_type is None:
        raise Http404
    if not queries.win_photo_allowed(win) and not request.user.has_perm(MANAGE, win):
        raise Http404
    try:
        handle = win.photo.storage.open(win.photo.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=file_type.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return private(response)


# The glossary -----------------------------------------------------------------------------------------------------


@permission_required(VIEW)
def glossary_list(request: HttpRequest) -> HttpResponse:
    """The organisation's glossary, each explanation with its plain-English report, and a form to add a term."""
    can_manage = request.user.has_perm(MANAGE, request.organisation)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                entry = services.glossary_term_create(
                    actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(term)s has been added to the glossary.") % {"term": entry.term})
                return redirect("publishing:glossary_list")
    terms = list(GlossaryTerm.objects.for_organisation(request.organisation).order_by(Lower("term"), "id"))
    glossary = glossary_for(request.organisation)
    rows = [(entry, plain_english_check(request.organisation, entry.explanation, glossary=glossary)) for entry in terms]
    context = {"rows": rows, "form": form, "can_manage": can_manage}
    return private(render(request, "publishing/glossary_list.html", context))


@permission_required(MANAGE)
def glossary_edit(request: HttpRequest, term_id) -> HttpResponse:
    entry = get_for_member(request, GlossaryTerm.objects.all(), term_id, permission=MANAGE)
    initial = {"term": entry.term, "stands_for": entry.stands_for, "explanation": entry.explanation}
    form = GlossaryTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_update(actor=request.user, entry=entry, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to %(term)s have been saved.") % {"term": entry.term})
            return redirect("publishing:glossary_list")
    report = plain_english_check(request.organisation, entry.explanation)
    return private(render(request, "publishing/glossary_form.html", {"entry": entry, "form": form, "report": report}))


@permission_required(MANAGE)
def glossary_delete(request: HttpRequest, term_id) -> HttpResponse:
    """GET asks to confirm; POST removes the term."""
    entry = get_for_member(request, GlossaryTerm.objects.all(), term_id, permission=MANAGE)
    if request.method == "POST":
        services.glossary_term_delete(actor=request.user, entry=entry, request=request)
        messages.success(request, _("%(term)s has been removed from the glossary.") % {"term": entry.term})
        return redirect("publishing:glossary_list")
    return private(render(request, "publishing/glossary_delete.html", {"entry": entry}))


# The public site's settings ---------------------------------------------------------------------------------------


@permission_required(MANAGE_SITE)
def public_site_settings(request: HttpRequest) -> HttpResponse:
    site = services.public_site_for(request.organisation)
    initial = {name: getattr(site, name) for name in services.SITE_FIELDS}
    form = PublicSiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_site_update(actor=request.user, site=site, fields=form.cleaned_data, request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The public site's settings have been saved."))
            return redirect("publishing:public_site_settings")
    report = plain_english_check(request.organisation, site.get_involved)
    context = {"form": form, "site": site, "report": report}
    return private(render(request, "publishing/public_site_settings.html", context))


# Translations -----------------------------------------------------------------------------------------------------

# kind in the address -> (model's records, the permission that changes them, where to go back to)
TRANSLATABLE = {
    "win": (Win.objects.all, MANAGE, "publishing:win_detail", "win_id"),
    "offer-version": (
        lambda: OfferVersion.objects.select_related("offer"),
        MANAGE,
        "publishing:offer_version_detail",
        "offer_version_id",
    ),
    "activity": (Activity.objects.all, "engagement.manage_activities", "engagement:activity_detail", "activity_id"),
    "promise": (Promise.objects.all, "decisions.record_promises", "decisions:promise_detail", "promise_id"),
}


def back_link(kind: str, record) -> str:
    """Where the translation page goes back to: the record's own page, where there is one."""
    _records, _permission, url_name, param = TRANSLATABLE[kind]
    try:
        return reverse(url_name, kwargs={param: record.pk})
    except NoReverseMatch:
        return reverse("core:home")


@permission_required(VIEW)
def translate(request: HttpRequest, record_kind: str, record_id, language: str) -> HttpResponse:
    """Translate a record's family-facing fields into one of the organisation's languages, beside the English."""
    if record_kind not in TRANSLATABLE:
        raise Http404
    records, permission, _url_name, _param = TRANSLATABLE[record_kind]
    record = get_for_member(request, records(), record_id, permission=permission)
    if language not in services.site_languages(request.organisation):
        raise Http404
    form = TranslationForm(request.POST or None, record=record, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(
                actor=request.user,
                record=record,
                language=language,
                texts=form.cleaned_data,
                permission=permission,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The %(language)s translation has been saved.") % {"language": CONTENT_LANGUAGES[language][0]},
            )
            return redirect(back_link(record_kind, record))
    rows = [(form[name], form.english[name], record._meta.get_field(name).verbose_name) for name in form.fields]
    context = {
        "form": form,
        "rows": rows,
        "record": record,
        "kind": record_kind,
        "language": language,
        "language_name": CONTENT_LANGUAGES[language][0],
        "language_own_name": CONTENT_LANGUAGES[language][1],
        "direction": "rtl" if is_right_to_left(language) else "ltr",
        "back": back_link(record_kind, record),
    }
    return private(render(request, "publishing/translate.html", context))
