"""School holidays in the organisation's area (its own term dates), with the bank holidays in England and Wales
for the year ahead: activities on these days get a warning. Administrators and co-production leads change them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.engagement.forms.holidays import HolidayForm
from coproduce.engagement.models import SchoolHoliday
from coproduce.engagement.services import holidays as services

VIEW = "engagement.view_activities"
MANAGE = "engagement.manage_school_holidays"
# Holidays that ended longer ago than this are left off the list (they still exist).
SHOW_PAST_DAYS = 365


@permission_required(VIEW)
def holiday_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    holidays = SchoolHoliday.objects.for_organisation(request.organisation).order_by("starts_on", "name")
    if not show_all:
        holidays = holidays.filter(ends_on__gte=today - dt.timedelta(days=SHOW_PAST_DAYS))
    context = {
        "holidays": list(holidays[:200]),
        "show_all": show_all,
        "today": today,
        "bank_holidays": sorted(services.bank_holidays_between(today, today + dt.timedelta(days=365)).items()),
        "bank_holidays_until": services.bank_holidays_known_until(),
        "can_manage": request.user.has_perm(MANAGE, request.organisation),
    }
    return render(request, "engagement/holiday_list.html", context)


@permission_required(MANAGE)
def holiday_create(request: HttpRequest) -> HttpResponse:
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            holiday = services.holiday_create(
                actor=request.user, organisation=request.organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": holiday.name})
            return redirect("engagement:holiday_list")
    return render(
        request, "engagement/holiday_form.html", {"form": form, "holiday": None, "title": _("Add a school holiday")}
    )


@permission_required(MANAGE)
def holiday_edit(request: HttpRequest, holiday_id: str) -> HttpResponse:
    holiday = get_for_member(request, SchoolHoliday.objects.all(), holiday_id, permission=MANAGE)
    initial = {"name": holiday.name, "starts_on": holiday.starts_on, "ends_on": holiday.ends_on}
    form = HolidayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_update(actor=request.user, holiday=holiday, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your changes to %(name)s have been saved.") % {"name": holiday.name})
            return redirect("engagement:holiday_list")
    title = _("Change %(name)s") % {"name": holiday.name}
    return render(request, "engagement/holiday_form.html", {"form": form, "holiday": holiday, "title": title})


@permission_required(MANAGE)
def holiday_delete(request: HttpRequest, holiday_id: str) -> HttpResponse:
    """GET asks to confirm; POST removes the holiday."""
    holiday = get_for_member(request, SchoolHoliday.objects.all(), holiday_id, permission=MANAGE)
    if request.method == "POST":
        name = holiday.name
        services.holiday_delete(actor=request.user, holiday=holiday, request=request)
        messages.success(request, _("%(name)s has been removed.") % {"name": name})
        return redirect("engagement:holiday_list")
    return render(request, "engagement/holiday_delete.html", {"holiday": holiday})
