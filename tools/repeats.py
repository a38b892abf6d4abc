"""data/repeats.tsv: which occurrence of a repeated setting each daemon applies, for the catalogue generators."""

from __future__ import annotations

import csv
from pathlib import Path

REPEATS_TSV = Path(__file__).resolve().parent.parent / "data" / "repeats.tsv"
APPLIES = ("first", "last", "every")


def repeats(dialect: str, tsv: Path = REPEATS_TSV) -> dict[str, str]:
    """setting -> first | last | every, for one dialect (names as the daemon's catalogue spells them)."""
    lines = tsv.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    found = {row["setting"]: row["applies"] for row in rows if row["dialect"] == dialect}
    bad = {name: how for name, how in found.items() if how not in APPLIES}
    assert not bad, f"{tsv}: applies must be one of {APPLIES}: {bad}"
    return found
