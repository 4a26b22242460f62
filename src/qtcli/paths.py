"""Where the fact base and the cache live.

Facts: --facts DIR, else $QT_FACTS, else the fact base shipped with qt (./facts
beside the source in a development checkout, <prefix>/share/qtcli/facts in a
regular install). Cache: $QT_CACHE_DIR, else $XDG_CACHE_HOME/qt, else
~/.cache/qt; None when no writable cache directory can be had.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def shipped_facts() -> Path:
    """The fact base that comes with qt."""
    checkout = Path(__file__).resolve().parents[2] / "facts"
    if (checkout / "metrics.toml").is_file():
        return checkout
    for prefix in (sys.prefix, sys.base_prefix, os.path.expanduser("~/.local")):
        installed = Path(prefix) / "share" / "qtcli" / "facts"
        if installed.is_dir():
            return installed
    return checkout


def facts_dir(option: str | None) -> Path:
    chosen = option or os.environ.get("QT_FACTS")
    return Path(chosen) if chosen else shipped_facts()


def cache_dir() -> Path | None:
    configured = os.environ.get("QT_CACHE_DIR")
    if configured:
        path = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        path = Path(base) / "qt"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None
