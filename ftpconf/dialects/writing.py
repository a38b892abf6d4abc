"""What convert hands a dialect's writer, and what the writer gives back (only convert imports this)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Carried:
    """A setting outside the model carried into a written file: through an equivalent, or as itself."""

    name: str
    value: str | None
    block: str | None = None  # proftpd: the <IfModule> it must stand in (None: the server's body)


@dataclass(frozen=True)
class WriteOptions:
    form: str  # one of the dialect's forms (pure-ftpd: pureftpd, pureftpd-flags, pureftpd-debian)
    header: str = ""
    # Per server, in the order of config.servers: settings outside the model carried over through an
    # equivalent (grammars/equivalents.toml), and the source's extras in this dialect's own names.
    carried: tuple[tuple[Carried, ...], ...] = ()
    own: tuple[tuple[Carried, ...], ...] = ()
    # The source is this dialect (another form of it): its values are kept as written where they can be.
    same_dialect: bool = False

    def for_server(self, index: int) -> tuple[Carried, ...]:
        """What is carried into server ``index``: the equivalents, then the source's own extras."""
        carried = self.carried[index] if index < len(self.carried) else ()
        return carried + (self.own[index] if index < len(self.own) else ())


@dataclass
class Written:
    files: dict[str, str]  # "" for a one-file form; pure-ftpd's Debian form: "conf/<File>"
    links: dict[str, str] = field(default_factory=dict)  # Debian form: "auth/65puredb" -> "../conf/PureDB"
    notes: list[str] = field(default_factory=list)  # defaults the target needs and the writer supplied
