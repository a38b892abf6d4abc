"""How wide the text a person reads may be: ``COLUMNS``, else the terminal's width."""

from __future__ import annotations

import os
import shutil
import sys

DEFAULT = 100  # not a terminal and no COLUMNS: pipes, files and tests get a stable width
NARROWEST = 60  # below this, wrapped prose takes more lines than it saves


def width() -> int:
    """``COLUMNS`` when set to a number, else the size of the terminal standard output is, else ``DEFAULT``."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        found = int(columns)
    elif sys.stdout.isatty():
        found = shutil.get_terminal_size((DEFAULT, 24)).columns
    else:
        found = DEFAULT
    return max(NARROWEST, found)
