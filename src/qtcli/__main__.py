"""`python -m qtcli` and the `qt` entry point."""

from __future__ import annotations


def main() -> None:
    from qtcli.cli.fastpath import main as fast_main

    fast_main()


if __name__ == "__main__":
    main()
