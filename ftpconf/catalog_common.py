"""What the proftpd and pure-ftpd catalogues share (vsftpd's is a NamedTuple with the same two fields,
kept out of this module so a plain vsftpd lint defines no dataclass for it)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Catalogue:
    """What every daemon's catalogue starts with: the version and the build its facts were measured on."""

    version: str  # e.g. "3.0.3"
    build: str  # e.g. "Debian 12, 3.0.3-13+b2"
