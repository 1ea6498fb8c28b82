from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = "Accounts: sign-in, second factor, API tokens"

    def ready(self) -> None:
        # Connects the receivers that audit signing in and out.
        from coproduce.accounts import signals  # noqa: F401
