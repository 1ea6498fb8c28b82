"""Peer support pages: supporters and the services directory (urls_supporters), referrals, matching and the
support families get (urls_support), and the public self-referral form (urls_public)."""

from coproduce.peers.urls_public import urlpatterns as public_urls
from coproduce.peers.urls_referrals import urlpatterns as referral_urls
from coproduce.peers.urls_support import urlpatterns as support_urls
from coproduce.peers.urls_supporters import urlpatterns as supporter_urls

app_name = "peers"

urlpatterns = [*supporter_urls, *referral_urls, *support_urls, *public_urls]
