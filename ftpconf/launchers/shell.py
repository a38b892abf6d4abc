"""A shell script (``*.sh`` or a ``#!/bin/sh``-style first line): every daemon it runs or ``exec``s."""

from __future__ import annotations

from ftpconf.launchers import Found, Lines, shell_launches


def read(path: str, text: str) -> Found:
    return Found("shell script", shell_launches(Lines(text), 0, len(text), "script"))
