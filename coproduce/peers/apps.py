from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "coproduce.peers"
    label = "peers"
    verbose_name = "Peer support: supporters, checks, referrals, matching and support"
