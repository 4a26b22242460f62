"""qt: answers about manufacturing in Hangzhou's Qiantang district, every one cited.

The library (load, validate, index, search, query) never prints or exits; the
`qt` command in cli.py is a thin layer over it.
"""

__version__ = "0.1.0"
