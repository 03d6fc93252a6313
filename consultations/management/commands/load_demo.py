from django.core.management.base import BaseCommand, CommandError

from registry.loading import RegistryDataError, registry_load
from registry.models import Stakeholder
from registry.roles import DELEGATE, SECRETARIAT
from registry.services import demo_account_ensure, focal_point_add

DEMO_ACCOUNTS = [
    # email, first name, last name, role, stakeholder (slug or ISO code) they act for
    ("secretariat@hlderp.example", "Demo", "Secretariat officer", SECRETARIAT, None),
    ("delegate.belgium@hlderp.example", "Demo", "Focal point of Belgium", DELEGATE, "BEL"),
    ("delegate.mexico@hlderp.example", "Demo", "Focal point of Mexico", DELEGATE, "MEX"),
    ("liaison.iom@hlderp.example", "Demo", "Liaison officer of IOM", DELEGATE, "iom"),
]


class Command(BaseCommand):
    help = (
        "Load the 2006 High-level Dialogue demo (idempotent) and give the demo accounts new "
        "random passwords, printed here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="load the data only; leave accounts and passwords alone",
        )

    def handle(self, *args, no_accounts: bool, **options):
        try:
            report = registry_load()
        except RegistryDataError as error:
            raise CommandError("Registry data not loaded:\n" + "\n".join(error.errors)) from None
        self.stdout.write("Registry: " + ("loaded." if report.changed else "already up to date."))
        if no_accounts:
            return
        lines = []
        for email, first, last, role, acts_for in DEMO_ACCOUNTS:
            user, password = demo_account_ensure(
                email=email, first_name=first, last_name=last, role=role
            )
            if acts_for:
                stakeholder = (
                    Stakeholder.objects.get(iso3=acts_for)
                    if len(acts_for) == 3 and acts_for.isupper()
                    else Stakeholder.objects.get(slug=acts_for)
                )
                focal_point_add(user=user, stakeholder=stakeholder, title=f"{last} (demo)")
            lines.append(f"  {role:<12} {email:<34} {password}")
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo accounts (new random passwords at every `make run`):\n" + "\n".join(lines)
            )
        )
