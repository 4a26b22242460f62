"""Writing files that are ours only: never through a planted link, never over a file that
someone else made, never half-written.

`open_new` creates a file exclusively (O_EXCL, O_NOFOLLOW). `replace_text` rewrites a
file the user named as theirs to rewrite (a draft being accepted): the new text goes to
a new file beside it, which then takes its name in one rename, so a crash leaves the old
file whole and a link at that name is replaced, never written through.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import IO

NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def open_new(path: Path, encoding: str = "utf-8") -> IO[str]:
    """A new file for text, created exclusively: never an existing file or a planted link.
    FileExistsError when the name is taken."""
    return open(os.open(path, NEW, 0o666), "w", encoding=encoding, newline="")


def replace_text(path: Path, text: str) -> None:
    """Give `path` new text in one rename; OSError (nothing changed) if it cannot be done."""
    if path.is_symlink():
        raise OSError(errno.ELOOP, "a link, not the file itself", str(path))
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open_new(partial) as handle:
            handle.write(text)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
