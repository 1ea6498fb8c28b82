"""Print the demo sign-in details (used by `make run`)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from coproduce.accounts.models import User
from coproduce.core import demo


class Command(BaseCommand):
    help = "Print the demo accounts and their password, if the demo data is loaded."

    def handle(self, *args, **options) -> None:
        demo_users = {s.email: s for s in demo.DEMO_STAFF}
        if not settings.DEBUG or not User.objects.filter(email__in=list(demo_users)).exists():
            return
        lines = [
            "",
            "Demo sign-in (fictional data; every account uses the same password):",
            f"  password:  {demo.DEMO_PASSWORD}",
        ]
        for staff in demo.DEMO_STAFF:
            lines.append(f"  {staff.email:<32} {staff.full_name:<16} {staff.role.label}")
        lines.append(f"  {demo.PLATFORM_ADMIN_EMAIL:<32} {'Pat Platform':<16} Platform administrator")
        mfa = (
            "ON: you will be asked to set up an authenticator app"
            if settings.REQUIRE_STAFF_MFA
            else ("off in development, so no authenticator app is needed (REQUIRE_STAFF_MFA=true turns it on)")
        )
        lines.append(f"  Second factor (authenticator app) for staff: {mfa}.")
        lines.append("  Priya Shah is in two organisations: switch between them from 'Your account'.")
        lines.append("  Emails (invitations, sign-in codes) are printed in this terminal.")
        lines.append("")
        self.stdout.write("\n".join(lines))
