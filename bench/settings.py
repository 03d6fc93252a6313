"""Settings for `make bench`: the app's own, plus a bare view in bench's own URLconf.

DJANGO_SETTINGS_MODULE=bench.settings gunicorn hlderp.wsgi -w 2
"""

from hlderp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Each answer from the public page cache says so (X-Page-Cache: hit), for the share of hits
# that bench/load.py reports; off in the app's own settings.
PUBLIC_PAGE_CACHE_HIT_HEADER = True
