from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = "Accounts: sign-in, second factor, API tokens"

    def ready(self) -> None:
        from coproduce.accounts import signals  # noqa: F401  (audit of sign-in and sign-out)
