"""A file storage that stops half-way through a file, for the tests that kill a worker there.

While the file ``pause`` exists in the folder HLDERP_PAUSE_DIR names, each file saved is
written to half its size, flushed to disk, then the worker writes its pid into ``paused`` and
waits (at most a minute) for ``pause`` to go away before writing the rest. Without ``pause`` it
is Django's FileSystemStorage.
"""

import os
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

PAUSE_LIMIT = 60  # seconds: a test that forgot its worker does not hang the server forever


class HalfWayStorage(FileSystemStorage):
    def _save(self, name, content):
        folder = Path(os.environ["HLDERP_PAUSE_DIR"])
        if not (folder / "pause").exists():
            return super()._save(name, content)
        data = content.read()
        half = len(data) // 2
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as partial:
            partial.write(data[:half])
            partial.flush()
            os.fsync(partial.fileno())
        (folder / "paused").write_text(str(os.getpid()))
        deadline = time.monotonic() + PAUSE_LIMIT
        while (folder / "pause").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        path.unlink()
        return super()._save(name, ContentFile(data))
