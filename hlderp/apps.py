from django.apps import AppConfig


class HlderpConfig(AppConfig):
    name = "hlderp"
    verbose_name = "hlderp"

    def ready(self) -> None:
        from hlderp import public_cache

        public_cache.watch_writes()
