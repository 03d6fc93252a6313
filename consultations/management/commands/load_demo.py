import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from consultations.demo.dialogue import demo_load
from registry.models import Stakeholder
from registry.otp import totp_device_demo_ensure, totp_secret
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
        "Load the reference data, the 2006 High-level Dialogue demo and its 2007 Global Forum "
        "(idempotent), and give the demo accounts new random passwords, printed here."
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
        secretariat = accounts[DEMO_ACCOUNTS[0][0]]
        # The Secretariat signs in with a second factor; the demo account's device is made once
        # and its key printed, so that a tester adds it to an authenticator app (no QR to scan).
        device = totp_device_demo_ensure(user=secretariat)
        process = demo_load(actor=secretariat)
        self.stdout.write(f"Demo: {process.title} loaded.")
        if not keep_passwords:
            self.stdout.write(
                self.style.SUCCESS(
                    "\nDemo accounts (new random passwords at every `make run`):\n"
                    + "\n".join(lines)
                )
            )
            self.stdout.write(
                f"\nTwo-factor sign-in: after the password, {secretariat.email} is asked for a "
                "code from an authenticator app. Add this key (time-based, 6 digits, 30 s) to "
                f"one, e.g. FreeOTP or `oathtool --totp -b KEY`:\n  {totp_secret(device)}\n"
                "Delegates may set one up from their portal."
            )
