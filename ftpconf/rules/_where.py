"""Where a model finding points: the line that set the value, else the top of the first source."""

from __future__ import annotations

from ftpconf.model import Config, Origin
from ftpconf.source import Span


def span_of(config: Config, *origins: Origin) -> Span:
    for origin in origins:
        if origin.span is not None:
            return origin.span
    return Span(config.sources[0] if config.sources else "<input>", 1)


def option_name(origin: Origin) -> str:
    """The ``name`` of a ``name=value`` provenance detail, for messages (other details are shown whole)."""
    return origin.detail.split("=", 1)[0] if "=" in origin.detail else origin.detail
