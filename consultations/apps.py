from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations import permissions  # noqa: F401  (registers the rules)
        from registry.roles import SECRETARIAT, register_role_permissions

        register_role_permissions(
            SECRETARIAT,
            manage=[
                f"consultations.{model}"
                for model in (
                    "process",
                    "document",
                    "documentversion",
                    "processdocument",
                    "delegation",
                    "delegationmember",
                    "theme",
                    "venue",
                    "room",
                    "meeting",
                    "meetingchair",
                    "seatpreference",
                    "seat",
                    "speakerslist",
                    "inscription",
                    "statement",
                    "issue",
                    "position",
                )
            ],
            view=["consultations.inscriptionmove"],
        )
