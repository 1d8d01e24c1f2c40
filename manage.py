#!/usr/bin/env python
"""Django's manage command; the same as the installed ``vanort`` command."""

from vanort.cli import main

if __name__ == "__main__":
    main()
