"""Rate limits: per token, else per signed-in user, else per client address; counted in the
default cache (Redis when REDIS_URL is set, so every app server counts together). The rates
are ``API_RATE_USER`` and ``API_RATE_ANONYMOUS`` (settings); a refused request answers 429
with ``Retry-After``."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from registry.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    def __init__(self):
        # The rate depends on who asks: chosen in get_cache_key, read at each request (so
        # that override_settings reaches it).
        self.rate = None

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            self.scope, ident = "user", f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, ident = "user", f"user-{request.user.pk}"
        else:
            self.scope, ident = "anonymous", f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        self.key = self.get_cache_key(request, view)
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()
