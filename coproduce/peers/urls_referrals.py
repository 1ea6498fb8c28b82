"""Peer support URLs (see urls.py): the peer support home page and referrals, suggestions and matching."""

from django.urls import path

from coproduce.peers.views import home, referrals

_R = "peer-support/referrals/"

urlpatterns: list = [
    path("peer-support/", home.home, name="home"),
    path(_R, referrals.referral_list, name="referral_list"),
    path(_R + "new", referrals.referral_new, name="referral_new"),
    path(_R + "sent", referrals.referral_sent, name="referral_sent"),
    path(_R + "<uuid:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path(_R + "<uuid:referral_id>/close", referrals.referral_close, name="referral_close"),
    path(_R + "<uuid:referral_id>/match/<uuid:supporter_id>", referrals.match_confirm, name="match_confirm"),
]
