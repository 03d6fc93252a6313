"""Sessions kept in the database and read from the cache (Django's ``cached_db``), where the
cache is shared by every app server (Redis): a signed-in request then reads no session row.

The cache is the page cache's (``hlderp.public_cache.cache``): when Redis does not answer, a
session is read from and written to the database alone, at no more than one socket timeout per
``PUBLIC_PAGE_CACHE_RETRY_SECONDS`` (Django's own ``cached_db`` would fail the request). The
database stays the record: a session is written there first, then to the cache.
"""

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends import cached_db

from hlderp.public_cache import cache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = cache

    # The cache above is synchronous; an async caller (a streaming view) takes the same path.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        await sync_to_async(self.delete)(session_key)
