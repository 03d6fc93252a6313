"""Settings for `make bench`: the app's own, plus a bare view in bench's own URLconf.

DJANGO_SETTINGS_MODULE=bench.settings gunicorn hlderp.wsgi -w 2
"""

from hlderp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
