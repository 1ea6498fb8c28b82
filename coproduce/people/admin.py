from django.contrib import admin

from coproduce.core.admin_mixins import ReadOnlyAdmin
from coproduce.people.models import Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "organisation", "postcode"]
    list_filter = ["organisation"]
    search_fields = ["full_name", "email"]
