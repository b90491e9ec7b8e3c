from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import services


class Command(BaseCommand):
    help = "Create (or reset) one demo user per role. Prints the password only when DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.DEMO_PASSWORD_IS_DEFAULT:
            raise CommandError("Set DEMO_PASSWORD before creating demo users outside DEBUG.")
        users = services.ensure_demo_users(settings.DEMO_PASSWORD)
        for role, user in users.items():
            self.stdout.write(f"  {role:<20} {user.username}")
        if settings.DEBUG:
            self.stdout.write(self.style.SUCCESS(f"Demo users ready; password for each: {settings.DEMO_PASSWORD}"))
        else:
            self.stdout.write(self.style.SUCCESS("Demo users ready (password from DEMO_PASSWORD)."))
