"""data/model_fields.tsv: which model field each setting feeds, for the catalogue generators."""

from __future__ import annotations

import csv
from pathlib import Path

MODEL_FIELDS_TSV = Path(__file__).resolve().parent.parent / "data" / "model_fields.tsv"
# What a field holds (ftpconf/dialects/model_mapping.py: TYPES, and a test, hold them to the model's annotations).
TYPES = ("bool", "flag", "present", "count", "port", "address", "text")
TYPES += ("port-range", "tls-mode", "protocols", "commands", "section")


def model_fields(dialect: str, tsv: Path = MODEL_FIELDS_TSV) -> dict[str, list[dict[str, object]]]:
    """setting -> the fields it feeds, each ``{field, type[, derive][, extra][, unset]}``, in table order."""
    lines = tsv.read_text(encoding="utf-8").splitlines()
    found: dict[str, list[dict[str, object]]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["dialect"] != dialect:
            continue
        assert row["type"] in TYPES, f"{tsv}: {row['setting']}: type must be one of {TYPES}"
        assert row["extra"] in ("-", "yes"), f"{tsv}: {row['setting']}: extra is `yes` or `-`"
        entry: dict[str, object] = {"field": row["field"], "type": row["type"]}
        if row["derive"] != "-":
            entry["derive"] = row["derive"]
        if row["extra"] == "yes":
            entry["extra"] = True
        if row["unset"] != "-":
            entry["unset"] = row["unset"]
        found.setdefault(row["setting"], []).append(entry)
    return found
