"""Reflection pages: my journal, writing and changing an entry (a box for each of the brief's six questions and the
organisation's own prompts), sharing it with the team or not, the team's shared reflections, and the lead's list of
the organisation's prompts.

Every read goes through `ReflectionEntry.objects.visible_to`: another member's private entry is a 404 to everyone,
administrators included. Only the author changes, shares, unshares or deletes an entry (a 404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.learning import services, suggested
from coproduce.learning.forms import PromptForm, ReflectionForm
from coproduce.learning.models import ReflectionEntry, ReflectionPrompt
from coproduce.learning.views.common import MANAGE_GUIDANCE, REFLECT, VIEW

PAGE_SIZE = 25


def _prompts(organisation, entry: ReflectionEntry | None = None) -> list[tuple[str, str, str]]:
    """(key, question, hint): the brief's six questions, the organisation's current prompts, and any prompt the
    entry answered that has since been retired or changed (with the words it was answered under)."""
    prompts = [(key, question, "") for key, question in suggested.BRIEF_QUESTIONS]
    prompts += [
        (f"prompt-{p.pk}", p.text, p.hint) for p in ReflectionPrompt.objects.for_organisation(organisation).current()
    ]
    if entry is not None:
        known = {key for key, _q, _h in prompts}
        prompts += [(a["key"], a["question"], "") for a in entry.answers if a["key"] not in known]
    return prompts


def _own_entry(request: HttpRequest, reflection_id) -> ReflectionEntry:
    """The member's own entry, or 404 (whoever else wrote it and whether it is shared)."""
    try:
        return ReflectionEntry.objects.for_organisation(request.organisation).get(pk=reflection_id, author=request.user)
    except (ReflectionEntry.DoesNotExist, ValueError):
        raise Http404 from None


@permission_required(VIEW)
def reflection_list(request: HttpRequest) -> HttpResponse:
    """My journal. (Members who no longer have a role that reflects can still read what they wrote.)"""
    organisation = request.organisation
    entries = ReflectionEntry.objects.for_organisation(organisation).written_by(request.user)
    page = Paginator(entries.order_by("-written_on", "-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "entries": list(page.object_list),
        "can_reflect": request.user.has_perm(REFLECT, organisation),
    }
    return private(render(request, "learning/reflection_list.html", context))


@permission_required(REFLECT)
def reflection_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = ReflectionForm(
        request.POST or None, prompts=_prompts(organisation), initial={"written_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.reflection_create(
                actor=request.user,
                organisation=organisation,
                written_on=data["written_on"],
                answers=form.answers(),
                title=data["title"],
                notes=data["notes"],
                share=data.get("share", False),
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your reflection has been saved."))
            return redirect("learning:reflection_detail", reflection_id=entry.pk)
    return private(render(request, "learning/reflection_form.html", {"form": form, "entry": None}))


@permission_required(VIEW)
def reflection_detail(request: HttpRequest, reflection_id) -> HttpResponse:
    entry = get_for_member(
        request,
        ReflectionEntry.objects.visible_to(request.user, request.organisation).select_related("author"),
        reflection_id,
    )
    context = {"entry": entry, "mine": entry.author_id == request.user.pk}
    return private(render(request, "learning/reflection_detail.html", context))


@permission_required(VIEW)
def reflection_edit(request: HttpRequest, reflection_id) -> HttpResponse:
    entry = _own_entry(request, reflection_id)
    answers = {a["key"]: a["answer"] for a in entry.answers}
    prompts = _prompts(request.organisation, entry)
    initial = {"title": entry.title, "written_on": entry.written_on, "notes": entry.notes}
    initial |= {f"answer_{key}": answers.get(key, "") for key, _q, _h in prompts}
    form = ReflectionForm(request.POST or None, prompts=prompts, with_share=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reflection_update(
                actor=request.user,
                entry=entry,
                written_on=data["written_on"],
                answers=form.answers(),
                title=data["title"],
                notes=data["notes"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("learning:reflection_detail", reflection_id=entry.pk)
    return private(render(request, "learning/reflection_form.html", {"form": form, "entry": entry}))


@require_POST
@permission_required(VIEW)
def reflection_share(request: HttpRequest, reflection_id) -> HttpResponse:
    """Share with the team (`shared=1`) or stop sharing (`shared=0`); back to the shared list if asked from it."""
    entry = _own_entry(request, reflection_id)
    shared = request.POST.get("shared") == "1"
    if shared and not request.user.has_perm(REFLECT, request.organisation):
        raise Http404
    services.reflection_share(actor=request.user, entry=entry, shared=shared, request=request)
    if shared:
        messages.success(request, _("Your reflection is shared with the team."))
    else:
        messages.success(request, _("Your reflection is private again: only you can read it."))
    if request.POST.get("back") == "shared":
        return redirect("learning:reflection_shared")
    return redirect("learning:reflection_detail", reflection_id=entry.pk)


@permission_required(VIEW)
def reflection_delete(request: HttpRequest, reflection_id) -> HttpResponse:
    entry = _own_entry(request, reflection_id)
    if request.method == "POST":
        services.reflection_delete(actor=request.user, entry=entry, request=request)
        messages.success(request, _("Your reflection has been deleted."))
        return redirect("learning:reflection_list")
    return private(render(request, "learning/reflection_delete.html", {"entry": entry}))


@permission_required(REFLECT)
def reflection_shared(request: HttpRequest) -> HttpResponse:
    """What colleagues have chosen to share, newest shared first, with their names."""
    entries = (
        ReflectionEntry.objects.visible_to(request.user, request.organisation)
        .shared()
        .select_related("author")
        .order_by("-shared_at", "-id")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return private(
        render(request, "learning/reflection_shared.html", {"page": page, "entries": list(page.object_list)})
    )


# --- the organisation's prompts ---------------------------------------------------------------------------------


@permission_required(VIEW)
def prompt_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    prompts = list(ReflectionPrompt.objects.for_organisation(organisation))
    context = {
        "brief_questions": [question for _key, question in suggested.BRIEF_QUESTIONS],
        "current": [p for p in prompts if p.retired_at is None],
        "retired": [p for p in prompts if p.retired_at is not None],
        "can_manage": request.user.has_perm(MANAGE_GUIDANCE, organisation),
    }
    return render(request, "learning/prompt_list.html", context)


@require_POST
@permission_required(MANAGE_GUIDANCE)
def prompt_add_suggested(request: HttpRequest) -> HttpResponse:
    added = services.prompts_add_suggested(actor=request.user, organisation=request.organisation, request=request)
    if added:
        messages.success(request, _("The four cornerstones of co-production have been added as prompts."))
    else:
        messages.info(request, _("You already have the four cornerstones of co-production as prompts."))
    return redirect("learning:prompt_list")


def _prompt_form_page(request: HttpRequest, prompt: ReflectionPrompt | None) -> HttpResponse:
    form = PromptForm(request.POST or None, initial={"text": prompt.text, "hint": prompt.hint} if prompt else {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if prompt is None:
                services.prompt_create(
                    actor=request.user,
                    organisation=request.organisation,
                    text=data["text"],
                    hint=data["hint"],
                    request=request,
                )
                messages.success(request, _("The prompt has been added."))
            else:
                services.prompt_update(
                    actor=request.user, prompt=prompt, text=data["text"], hint=data["hint"], request=request
                )
                messages.success(request, _("Your changes to the prompt have been saved."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("learning:prompt_list")
    title = _("Change a reflection prompt") if prompt else _("Add a reflection prompt")
    context = {"form": form, "title": title, "back": "learning:prompt_list"}
    return render(request, "learning/simple_form.html", context)


@permission_required(MANAGE_GUIDANCE)
def prompt_create(request: HttpRequest) -> HttpResponse:
    return _prompt_form_page(request, None)


@permission_required(MANAGE_GUIDANCE)
def prompt_edit(request: HttpRequest, prompt_id) -> HttpResponse:
    prompt = get_for_member(request, ReflectionPrompt.objects.all(), prompt_id, permission=MANAGE_GUIDANCE)
    return _prompt_form_page(request, prompt)


@require_POST
@permission_required(MANAGE_GUIDANCE)
def prompt_retire(request: HttpRequest, prompt_id) -> HttpResponse:
    prompt = get_for_member(request, ReflectionPrompt.objects.all(), prompt_id, permission=MANAGE_GUIDANCE)
    retired = prompt.retired_at is None
    services.prompt_retire(actor=request.user, prompt=prompt, retired=retired, request=request)
    if retired:
        messages.success(request, _("The prompt has been retired. Reflections that answered it keep their answers."))
    else:
        messages.success(request, _("The prompt is offered again."))
    return redirect("learning:prompt_list")
