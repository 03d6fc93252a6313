import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from consultations.demo.dialogue import demo_load
from registry.models import Stakeholder
from registry.roles import DELEGATE, SECRETARIAT
from registry.services import demo_account_ensure, focal_point_add

DEMO_ACCOUNTS = [
    # e-mail, first name, last name, role, the stakeholder they act for (slug)
    ("secretariat@hlderp.example", "Demo", "Secretariat officer", SECRETARIAT, None),
    ("delegate.belgium@hlderp.example", "Demo", "Focal point of Belgium", DELEGATE, "belgium"),
    ("delegate.mexico@hlderp.example", "Demo", "Focal point of Mexico", DELEGATE, "mexico"),
    ("liaison.iom@hlderp.example", "Demo", "Liaison officer of IOM", DELEGATE, "iom"),
]


class Command(BaseCommand):
    help = (
        "Load the reference data and the 2006 High-level Dialogue demo (idempotent), and give "
        "the demo accounts new random passwords, printed here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-passwords",
            action="store_true",
            help="leave the demo accounts' passwords as they are (nothing is printed)",
        )

    def handle(self, *args, keep_passwords: bool, **options):
        call_command(
            "load_registry", stdout=self.stdout if options["verbosity"] > 1 else io.StringIO()
        )
        lines = []
        accounts = {}
        for email, first, last, role, acts_for in DEMO_ACCOUNTS:
            user, password = demo_account_ensure(
                email=email,
                first_name=first,
                last_name=last,
                role=role,
                reset_password=not keep_passwords,
            )
            if acts_for:
                stakeholder = Stakeholder.objects.get(slug=acts_for)
                focal_point_add(user=user, stakeholder=stakeholder, title=f"{last} (demo)")
            accounts[email] = user
            lines.append(f"  {role:<12} {email:<34} {password}")
        process = demo_load(actor=accounts[DEMO_ACCOUNTS[0][0]])
        self.stdout.write(f"Demo: {process.title} loaded.")
        if not keep_passwords:
            self.stdout.write(
                self.style.SUCCESS(
                    "\nDemo accounts (new random passwords at every `make run`):\n"
                    + "\n".join(lines)
                )
            )
