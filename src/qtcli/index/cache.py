"""The cache folder: which index files qt trusts, and which files it may create or delete.

A cache folder is shared ground when others can write to it (a world-writable
`QT_CACHE_DIR`, /tmp): anyone could plant an index there that answers "R&D
intensity was 99.9%". So an index is opened only from a folder owned by the
current user that nobody else can write, and only if the file itself is ours
and not writable by others. A folder that fails the test is not used: qt makes a
private folder of its own inside it (`qt-<uid>`, mode 0700) or, if even that
cannot be had, answers from an index built in memory.

Every file qt writes there has a name of its own making, and it deletes nothing
else: an index is `index-<16 hex digits>.sqlite` and carries qt's application id
in its SQLite header (`index-important.sqlite`, put there by someone else,
matches neither); a build in progress writes `.index-<digits>.<random>.tmp`;
`index-<digits>.lock` serialises builds of one fact base. The digits are a hash
of the fact base's real path, so `facts`, `./facts` and `/abs/facts` share one
index while two fact bases keep one each, the least recently used evicted once
the folder holds more than LIMIT bytes of indexes.

Plain os calls only: this runs on every lookup.
"""

from __future__ import annotations

import os
import stat
import time

APPLICATION_ID = 0x71746978  # b"qtix", at offset 68 of the SQLite header (PRAGMA application_id)
LIMIT = 2 * 1024**3  # bytes of indexes kept side by side before the least recently used goes
TOUCH_AFTER = 3600  # seconds: how stale a "last used" time may get before it is refreshed
_HEADER = b"SQLite format 3\x00"
_notices: dict[str, bool] = {}  # what to tell the user about a folder set aside: said yet?


def notices() -> list[str]:
    """Sentences for the user about cache folders set aside, each once per process."""
    fresh = [text for text, said in _notices.items() if not said]
    _notices.update(dict.fromkeys(fresh, True))
    return fresh


def _notice(text: str) -> None:
    _notices.setdefault(text, False)


def safe_folder(path: str) -> bool:
    """A real folder owned by this user that nobody else can write."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        and os.access(path, os.W_OK | os.X_OK)
    )


def safe_file(path: str) -> bool:
    """A regular file owned by this user that nobody else can write (never through a link)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def trusted_folder(path: str) -> str | None:
    """`path` if it is safe; else a private folder of this user inside it; else None."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:
        return None
    if safe_folder(path):
        return path
    private = os.path.join(path, f"qt-{os.getuid()}")
    try:
        os.mkdir(private, 0o700)
    except FileExistsError:
        pass
    except OSError:
        private = ""
    if private and safe_folder(private):
        _notice(
            f"the cache folder '{path}' can be written by others; qt keeps its index in '{private}'"
        )
        return private
    _notice(f"the cache folder '{path}' is not safe to use; qt builds its index in memory")
    return None


def ours(path: str) -> bool:
    """An index file qt wrote: its name, its owner and mode, and qt's id in its header."""
    if not _our_name(os.path.basename(path)) or not safe_file(path):
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header[:16] == _HEADER and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _our_name(name: str) -> bool:
    """`index-<16 hex digits>.sqlite`."""
    digits = name[6:-7]
    return (
        name.startswith("index-")
        and name.endswith(".sqlite")
        and len(digits) == 16
        and all(c in "0123456789abcdef" for c in digits)
    )


def lock_path(index: str) -> str:
    return index[: -len(".sqlite")] + ".lock"


class locked:  # noqa: N801 - used as `with locked(index) as held:`
    """Hold the build lock of one index (blocking while another process builds it).

    Gives False when no lock can be had (a read-only folder; no fcntl): the caller
    then builds without one, in memory. (A class, not contextlib: a lookup imports it.)"""

    def __init__(self, index: str) -> None:
        self.index = index
        self.fd: int | None = None

    def __enter__(self) -> bool:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on Linux or macOS
            return False
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            self.fd = os.open(lock_path(self.index), flags, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(self.fd)
            self.fd = None
            raise
        return True

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def temp_prefix(index: str) -> str:
    """Temporary files of one index's builds: `.index-<digits>.`."""
    return "." + os.path.basename(index)[: -len(".sqlite")] + "."


def remove_stale_temps(index: str) -> None:
    """Temporary files a killed build of this index left behind. Called with its lock held,
    when no build of it can be running."""
    folder, prefix = os.path.dirname(index), temp_prefix(index)
    for entry in _entries(folder):
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp") and safe_file(entry.path):
            _unlink(entry.path)


def touch(index: str) -> None:
    """Mark an index as used now (for eviction), at most once an hour."""
    try:
        if time.time() - os.stat(index).st_mtime > TOUCH_AFTER:
            os.utime(index)
    except OSError:
        pass


def evict(keep: str, limit: int = LIMIT) -> None:
    """Delete qt's least recently used indexes (never `keep`) until they fit in `limit` bytes."""
    indexes = []
    for entry in _entries(os.path.dirname(keep)):
        if entry.path != keep and ours(entry.path):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            indexes.append((info.st_mtime, info.st_size, entry.path))
    try:
        total = os.stat(keep).st_size + sum(size for _, size, _ in indexes)
    except OSError:
        return
    for _, size, path in sorted(indexes):
        if total <= limit:
            break
        if _unlink(path):
            total -= size


def discard(index: str) -> None:
    """Delete an index found corrupt: a file of qt's name and this user's (its header may be
    the part that is damaged)."""
    if _our_name(os.path.basename(index)) and safe_file(index):
        _unlink(index)


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False
