"""Which daemon a file is for: by its name first, then by what it says."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal

Dialect = Literal["vsftpd", "proftpd", "pureftpd"]
DIALECTS: tuple[Dialect, ...] = ("vsftpd", "proftpd", "pureftpd")

_NAME_HINTS: tuple[tuple[str, Dialect], ...] = (
    ("vsftpd", "vsftpd"),
    ("proftpd", "proftpd"),
    ("pure-ftpd", "pureftpd"),
    ("pureftpd", "pureftpd"),
)
_VSFTPD_LINE = re.compile(r"^[ \t]*[a-z0-9_]+=", re.MULTILINE)
_PROFTPD_SECTION = re.compile(r"^[ \t]*</?(Global|VirtualHost|Anonymous|IfModule|Limit|Directory)\b", re.I | re.M)
_PROFTPD_DIRECTIVE = re.compile(
    r"^[ \t]*(ServerName|ServerType|DefaultRoot|PassivePorts|MasqueradeAddress|"
    r"Port|User|Group|Umask|AllowOverwrite)\s",
    re.M,
)
_PUREFTPD_KEY = re.compile(
    r"^[ \t]*(ChrootEveryone|NoAnonymous|PassivePortRange|ForcePassiveIP|MaxClientsNumber|"
    r"Bind|PureDB|UnixAuthentication|PAMAuthentication)\b",
    re.M,
)


# A command line that starts pure-ftpd (Dockerfile CMD, ExecStart=, a script): flags, not a config file.
_PUREFTPD_PROGRAM = re.compile(r"(?:^|[\s/\"'])pure-(?:ftpd(?:-[a-z]+)?|config\.pl)(?=[\s\"']|$)", re.M)


def by_name(path: str) -> Dialect | None:
    lowered = PurePath(path).name.lower()
    parents = [p.lower() for p in PurePath(path).parts[:-1]]
    for needle, dialect in _NAME_HINTS:
        if needle in lowered:
            return dialect
    for needle, dialect in _NAME_HINTS:
        if any(needle in part for part in parents):
            return dialect
    return None


def by_content(text: str) -> Dialect | None:
    scores: dict[Dialect, int] = {
        "vsftpd": len(_VSFTPD_LINE.findall(text)),
        "proftpd": 3 * len(_PROFTPD_SECTION.findall(text)) + 2 * len(_PROFTPD_DIRECTIVE.findall(text)),
        "pureftpd": 2 * len(_PUREFTPD_KEY.findall(text)) + 3 * len(_PUREFTPD_PROGRAM.findall(text)),
    }
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] else None


def detect(path: str, text: str) -> Dialect | None:
    return by_name(path) or by_content(text)
