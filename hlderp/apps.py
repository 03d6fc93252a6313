from django.apps import AppConfig


class HlderpConfig(AppConfig):
    name = "hlderp"
    verbose_name = "hlderp"

    def ready(self) -> None:
        from hlderp import checks, public_cache  # noqa: F401  (checks registers itself)

        public_cache.watch_writes()
