from django.contrib import admin

from coproduce.people.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "postcode"]
    list_filter = ["organisation"]
    search_fields = ["full_name", "email"]
