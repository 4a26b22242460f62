"""Where the fact base and the cache live.

Facts: --facts DIR, else $QT_FACTS, else the fact base shipped with qt (./facts
beside the source in a development checkout, <prefix>/share/qtcli/facts in a
regular install). Cache: $QT_CACHE_DIR, else $XDG_CACHE_HOME/qt, else
~/.cache/qt; a private folder inside it when others can write there; None when no
safe, writable cache directory can be had.

Plain os.path strings: this runs on every lookup, and pathlib costs a few
milliseconds to import.
"""

from __future__ import annotations

import os
import sys


def shipped_facts() -> str:
    """The fact base that comes with qt."""
    here = os.path.dirname(os.path.realpath(__file__))
    checkout = os.path.join(os.path.dirname(os.path.dirname(here)), "facts")
    if os.path.isfile(os.path.join(checkout, "metrics.toml")):
        return checkout
    for prefix in (sys.prefix, sys.base_prefix, os.path.expanduser("~/.local")):
        installed = os.path.join(prefix, "share", "qtcli", "facts")
        if os.path.isdir(installed):
            return installed
    return checkout


def facts_dir(option: str | None) -> str:
    return option or os.environ.get("QT_FACTS") or shipped_facts()


def cache_dir() -> str | None:
    """The cache folder, if one can be trusted (see index/cache.py); else None."""
    from qtcli.index.cache import trusted_folder

    path = os.environ.get("QT_CACHE_DIR")
    if not path:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        path = os.path.join(base, "qt")
    return trusted_folder(path)
