"""Importing people from a spreadsheet (upload, column mapping, check, import) and exporting them.

The steps of an import keep the file in its PersonImport row between requests, never on disk; the checking and
importing live in imports.py, the file writing in exports.py.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from coproduce.core import spreadsheets
from coproduce.core.access import get_for_member, permission_required
from coproduce.core.forms_util import apply_validation_error
from coproduce.people import exports, imports
from coproduce.people.filters import PersonFilterForm
from coproduce.people.models import Person, PersonImport

IMPORT = "people.import_people"
EXPORT = "people.export_people"
# The check page lists this many problems; the downloadable report has them all.
PROBLEMS_SHOWN = 200

XLSX_TYPE = spreadsheets.XLSX_TYPE


# Upload --------------------------------------------------------------------------------------------------------


class SpreadsheetUploadHandler(FileUploadHandler):
    """Holds an upload in memory up to the import limit and only counts the bytes beyond it: a spreadsheet of
    people is never written to a temporary file, and an oversized one costs no more memory than the limit while
    its true size is still known for the message."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Upload a file"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx) smaller than 10 MB, with one person on each row (up to "
            "100,000) and a header row naming the columns."
        ),
        widget=forms.FileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX_TYPE}"}),
        error_messages={
            "required": gettext_lazy("Select a CSV file or an Excel workbook (.xlsx)"),
            "empty": gettext_lazy("The selected file is empty"),
            "invalid": gettext_lazy("Select a CSV file or an Excel workbook (.xlsx)"),
        },
    )

    def __init__(self, *args, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["file"].help_text = _(
            "A CSV file or an Excel workbook (.xlsx) smaller than %(limit)s MB, with one person on each row (up to "
            "%(rows)s) and a header row naming the columns."
        ) % {"limit": imports.megabytes(max_bytes), "rows": f"{imports.MAX_ROWS:,}"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            imports.check_size(upload.size, self.max_bytes)
            content = upload.read()
            self.table = imports.read_table(content, upload.name, max_bytes=self.max_bytes)
        except imports.ImportFileError as error:
            raise ValidationError(error.message) from None
        self.content = content
        return upload


@csrf_exempt  # only so the upload handler can be set before the body is read: csrf_protect below checks it
@permission_required(IMPORT)
def import_start(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [SpreadsheetUploadHandler(request, limit=settings.PEOPLE_IMPORT_MAX_BYTES)]
    return _import_start(request)


@csrf_protect
def _import_start(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES
    )
    if posted and form.is_valid():
        person_import = imports.import_upload(
            organisation=request.organisation,
            actor=request.user,
            filename=form.cleaned_data["file"].name,
            content=form.content,
            table=form.table,
            request=request,
        )
        return redirect("people:import_map", import_id=person_import.pk)
    context = {"form": form, "fields": imports.FIELDS, "max_rows": imports.MAX_ROWS}
    return render(request, "people/import_start.html", context)


# Column mapping ------------------------------------------------------------------------------------------------


class ColumnMappingForm(forms.Form):
    """One choice for each column of the file: which detail of a person it holds, if any."""

    def __init__(self, *args, table: imports.Table, columns: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        choices = [(imports.SKIP, _("Do not import")), *((key, str(label)) for key, label in imports.FIELDS)]
        for index, name in enumerate(table.header):
            name = Truncator(name).chars(80)
            samples = [Truncator(sample).chars(40) for sample in table.samples(index)]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s: ‘%(name)s’") % {"letter": imports.column_letter(index), "name": name},
                choices=choices,
                required=False,
                initial=columns[index] if index < len(columns) else imports.SKIP,
                help_text=(
                    _("First values: %(values)s") % {"values": ", ".join(samples)}
                    if samples
                    else _("This column is empty.")
                ),
            )

    def columns(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{index}", "") for index in range(len(self.table.header))]

    def clean(self):
        cleaned = super().clean()
        for index, message in imports.mapping_errors(self.columns(), self.table.header).items():
            self.add_error(f"column_{max(index, 0)}", message)
        return cleaned


def _person_import(request: HttpRequest, import_id: str) -> PersonImport:
    return get_for_member(request, PersonImport.objects.all(), import_id, permission=IMPORT)


def _table(request: HttpRequest, person_import: PersonImport) -> imports.Table | None:
    """The file's rows, or None (with a message) if it can no longer be read: the person uploads it again."""
    try:
        return imports.read_table(bytes(person_import.content), person_import.filename)
    except imports.ImportFileError as error:
        messages.error(request, error.message)
        return None


def _columns(person_import: PersonImport, table: imports.Table) -> list[str]:
    return imports.columns_for(person_import, table)


@permission_required(IMPORT)
def import_map(request: HttpRequest, import_id: str) -> HttpResponse:
    person_import = _person_import(request, import_id)
    if person_import.status != PersonImport.Status.UPLOADED:
        return redirect("people:import_check", import_id=person_import.pk)
    table = _table(request, person_import)
    if table is None:
        return redirect("people:import_start")
    form = ColumnMappingForm(request.POST or None, table=table, columns=_columns(person_import, table))
    if request.method == "POST" and form.is_valid():
        # The mapping names columns only: no personal data, so no audit line.
        person_import.mapping = {**person_import.mapping, "columns": form.columns()}
        person_import.save(update_fields=["mapping", "updated_at"])
        return redirect("people:import_check", import_id=person_import.pk)
    context = {"form": form, "person_import": person_import, "row_count": len(table.rows)}
    return render(request, "people/import_map.html", context)


# Check and import ----------------------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    duplicates = forms.ChoiceField(
        label=gettext_lazy("What should happen to the rows that match?"),
        widget=forms.RadioSelect,
        initial="skip",
        error_messages={"required": gettext_lazy("Choose whether to skip or import the rows that match")},
    )

    def __init__(self, *args, report: imports.Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        existing, in_file = report.existing_duplicate_count, report.file_duplicate_count
        if not existing and not in_file:
            del self.fields["duplicates"]
            return
        count = existing + in_file
        if existing and in_file:
            skip = ngettext(
                "Skip the %(count)s row that matches people already recorded or an earlier row of the file",
                "Skip the %(count)s rows that match people already recorded or an earlier row of the file",
                count,
            )
        elif in_file:
            skip = ngettext(
                "Skip the %(count)s row that repeats an earlier row of the file",
                "Skip the %(count)s rows that repeat an earlier row of the file",
                count,
            )
        else:
            skip = ngettext(
                "Skip the %(count)s row that matches someone already recorded",
                "Skip the %(count)s rows that match people already recorded",
                count,
            )
        self.fields["duplicates"].choices = [
            ("skip", skip % {"count": count}),
            ("import", _("Import them as new people")),
        ]


def _problem_rows(report: imports.Report) -> list[list[str]]:
    """Every problem and every matching row, for the downloadable report."""
    lines = [[str(problem.row), problem.field_label, problem.value, problem.message] for problem in report.problems]
    for row in report.duplicates:
        if row.matches_person is not None:
            message = _("Matches someone already recorded (%(reason)s)") % {"reason": row.matches_person[2]}
        else:
            message = _("Repeats row %(row)s (%(reason)s)") % {"row": row.same_as_row[0], "reason": row.same_as_row[1]}
        lines.append([str(row.number), "", row.values.get("full_name", ""), message])
    return lines


def _report_csv(report: imports.Report) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Row"), _("Column"), _("Value"), _("Problem")])
    for line in _problem_rows(report):
        writer.writerow([spreadsheets.neutralise(value) for value in line])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-import-report.csv"'
    return response


@permission_required(IMPORT)
def import_check(request: HttpRequest, import_id: str) -> HttpResponse:
    person_import = _person_import(request, import_id)
    if person_import.status == PersonImport.Status.IMPORTED:
        return render(request, "people/import_done.html", {"person_import": person_import})
    if person_import.status == PersonImport.Status.IMPORTING:
        return render(request, "people/import_running.html", {"person_import": person_import})
    if person_import.status == PersonImport.Status.CANCELLED:
        messages.info(request, _("That import was cancelled. Upload the file again to import it."))
        return redirect("people:import_start")
    if request.method == "POST" and request.POST.get("action") == "cancel":
        imports.import_cancel(person_import=person_import, actor=request.user, request=request)
        messages.success(request, _("The import has been cancelled and the file deleted. Nobody was imported."))
        return redirect("people:person_list")
    table = _table(request, person_import)
    if table is None:
        return redirect("people:import_start")
    columns = _columns(person_import, table)
    if imports.mapping_errors(columns, table.header):
        return redirect("people:import_map", import_id=person_import.pk)
    report = imports.validate(table.rows, columns, request.organisation)
    if request.GET.get("format") == "csv":
        return _report_csv(report)
    form = ConfirmForm(request.POST if request.method == "POST" else None, report=report)
    if request.method == "POST" and not report.has_errors and form.is_valid():
        skip_duplicates = form.cleaned_data.get("duplicates", "skip") == "skip"
        try:
            if len(report.rows) > settings.PEOPLE_IMPORT_INLINE_ROWS:
                # Too many for one web request: the worker imports it, all or nothing.
                imports.import_queue(person_import=person_import, actor=request.user, skip_duplicates=skip_duplicates)
            else:
                imports.import_rows(
                    organisation=request.organisation,
                    actor=request.user,
                    report=report,
                    skip_duplicates=skip_duplicates,
                    person_import=person_import,
                    request=request,
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("people:import_check", import_id=person_import.pk)
    problems = []
    for problem in report.problems:
        problems.append(problem)
        if len(problems) == PROBLEMS_SHOWN:
            break
    context = {
        "person_import": person_import,
        "report": report,
        "form": form,
        "problems": problems,
        "problem_count": report.problem_count,
        "duplicates": report.duplicates[:PROBLEMS_SHOWN],
        "duplicate_count": len(report.duplicates),
        "row_count": len(report.rows),
        "problems_shown": PROBLEMS_SHOWN,
    }
    return render(request, "people/import_check.html", context)


# Export --------------------------------------------------------------------------------------------------------


@permission_required(EXPORT)
def export(request: HttpRequest) -> HttpResponse:
    """The people the list shows (the same search and filters), as CSV or XLSX; without a format, the page
    offering both."""
    organisation = request.organisation
    form = PersonFilterForm(request.GET, organisation=organisation)
    people = form.apply(Person.objects.for_organisation(organisation))
    filters = list(form.filters())
    file_format = request.GET.get("format", "")
    if form.errors:
        # An export must be exactly what was asked for: a filter that is not valid is not silently dropped.
        file_format = ""
    if file_format not in exports.FORMATS:
        query = request.GET.copy()
        query.pop("format", None)
        query.pop("page", None)
        context = {
            "form": form,
            "count": people.count(),
            "query": query.urlencode(),
            "filtered": bool(filters),
        }
        return render(request, "people/export.html", context)
    count = people.count()
    exports.export_record(
        organisation=organisation,
        actor=request.user,
        file_format=file_format,
        count=count,
        filters=filters,
        request=request,
    )
    filename = f"people-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(exports.csv_lines(people), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.xlsx_bytes(people), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A copy of personal data: not to be kept by a shared cache or the browser's.
    response["Cache-Control"] = "no-store"
    return response
