from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from consultations import permissions  # noqa: F401  (registers the rules)
        from consultations.services.webhooks import history_saved
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
                    "webhook",
                )
            ],
            view=[
                "consultations.inscriptionmove",
                "consultations.webhookdelivery",
                "consultations.webhookattempt",
                # The background jobs (hlderp/jobs): their list, and change for the retry.
                "jobs.job",
                "jobs.workerheartbeat",
            ],
            custom=["jobs.change_job"],
        )
        # Webhooks: every history row written is looked at once (services/webhooks.py).
        post_create_historical_record.connect(history_saved, dispatch_uid="webhooks")
