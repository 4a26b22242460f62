"""`python -m qtcli.index.prebuilt`: write the prebuilt index of the shipped fact base.

Run it after editing the shipped facts or changing the index format; a test says when the
prebuilt index no longer matches them. A lookup works without it, building the index instead.
"""

from qtcli.index.build import PREBUILT, write_prebuilt

if __name__ == "__main__":
    write_prebuilt(PREBUILT)
    print(PREBUILT)
