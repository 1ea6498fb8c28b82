"""The public site of each organisation, at /o/<organisation-slug>/: no sign-in, works without JavaScript.
(The co-production page is commitments:public; the newsletter's public pages are newsletter:signup and after.)"""

from django.urls import path

from coproduce.public import feeds
from coproduce.public.views import activities, offers, pages, wins, you_said

app_name = "public"

_O = "o/<slug:organisation_slug>/"

urlpatterns = [
    path(_O, pages.home, name="home"),
    path(_O + "get-involved", pages.get_involved, name="get_involved"),
    path(_O + "activities", activities.activity_list, name="activity_list"),
    path(_O + "activities/<uuid:activity_id>", activities.activity_detail, name="activity_detail"),
    path(_O + "activities/<uuid:activity_id>/calendar.ics", activities.activity_ics, name="activity_ics"),
    path(_O + "you-said-we-did", you_said.you_said, name="you_said"),
    path(_O + "you-said-we-did.json", feeds.you_said_json, name="you_said_json"),
    path(_O + "you-said-we-did.atom", feeds.you_said_atom, name="you_said_atom"),
    path(_O + "wins", wins.win_list, name="win_list"),
    path(_O + "wins/<uuid:win_id>/photo", wins.win_photo, name="win_photo"),
    path(_O + "offers", offers.offer_list, name="offer_list"),
    path(_O + "offers/<slug:offer_slug>", offers.offer_detail, name="offer_detail"),
    path(_O + "glossary", pages.glossary, name="glossary"),
    path(_O + "accessibility", pages.accessibility, name="accessibility"),
]
