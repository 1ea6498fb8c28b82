"""Peer support URLs (see urls.py): the public self-referral form, on the organisation's public site."""

from django.urls import path

from coproduce.peers.views import public

_O = "o/<slug:organisation_slug>/peer-support/"

urlpatterns: list = [
    path(_O, public.public_referral, name="public_referral"),
    path(_O + "thanks", public.public_referral_thanks, name="public_referral_thanks"),
]
