"""A secret's place in a file: what each dialect's secret finder returns and the redaction masks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Secret:
    """One secret in a file: characters ``start``..``end`` of its decoded text, and the value they spell."""

    path: str
    start: int
    end: int
    value: str  # as the daemon uses it (quotes removed); the written form is text[start:end]
