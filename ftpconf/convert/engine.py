"""Conversion: write the model in the target dialect, read the result back, report every difference.

The loss report is not a table of what each writer "should" support: the written text is read
back with the target dialect's own reader (the one held to the real daemon by the parity tests)
and compared, facet by facet, with the source model.  Every difference becomes FTP901 at the
source line that asked for it; every dialect-specific line with no counterpart becomes FTP902.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from ftpconf.convert import codes, equivalents
from ftpconf.diagnostics import Diagnostic, sorted_diagnostics
from ftpconf.dialects import registry
from ftpconf.dialects.writing import Carried, WriteOptions, Written
from ftpconf.lint import LintResult
from ftpconf.model import DATA_COMMANDS, Config, Extra, Origin, Server, Setting
from ftpconf.secret_shapes import is_secret_name
from ftpconf.source import Span

# Reader findings that mark a line whose setting another line overrides (vsftpd, proftpd, pure-ftpd).
OVERRIDDEN_LINE_CODES = frozenset({"FTP114", "FTP151", "FTP182"})
NEUTRAL_FORMS = ("toml", "json")
TARGETS: tuple[str, ...] = (*(form for d in registry.DIALECTS for form in d.forms), *NEUTRAL_FORMS)


@dataclass
class Conversion:
    target: str
    files: dict[str, str]  # "" for a one-file target; pureftpd-debian: "conf/<File>"
    links: dict[str, str] = field(default_factory=dict)  # pureftpd-debian: "auth/65puredb" -> "../conf/PureDB"
    losses: list[Diagnostic] = field(default_factory=list)  # FTP901-904
    notes: list[Diagnostic] = field(default_factory=list)  # FTP905: defaults the target needed
    ineffective: list[Diagnostic] = field(default_factory=list)  # FTP906: source lines the daemon ignored
    identical: bool = False  # same form in and out: the source bytes, untouched
    # What the target's own reader says of the output (lint of the converted text); errors mean
    # the target daemon would refuse it, which the test suite holds at zero.
    output_findings: list[Diagnostic] = field(default_factory=list)
    output_config: Config | None = None  # the output as the target's reader sees it (None: identical)

    @property
    def text(self) -> str:
        if set(self.files) != {""}:
            raise ValueError(f"{self.target} output is several files: {sorted(self.files)}")
        return self.files[""]

    @property
    def defaults(self) -> list[str]:
        return [n.message for n in self.notes]


def source_form(result: LintResult) -> str:
    lowered = result.path.lower()
    for form in NEUTRAL_FORMS:
        if lowered.endswith(f".{form}"):
            return form
    return registry.get(result.dialect).code.form_of(result.path)


def read_neutral(path: str, data: bytes, kind: Literal["toml", "json"] | None = None) -> LintResult:
    """A TOML/JSON file as a LintResult (no findings): the input side of the neutral format.

    ``kind`` is what ``--from`` said; without it the file's name decides (``.json``, else TOML)."""
    from ftpconf.dialects import neutral
    from ftpconf.source import decode

    text = decode(data)
    if kind is None:
        kind = "json" if path.lower().endswith(".json") else "toml"
    config = neutral.to_config(neutral.load(path, text, kind), path, text, kind)
    return LintResult(path, config.dialect, config, [], {path: text})


def convert(result: LintResult, target: str) -> Conversion:
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; one of {', '.join(TARGETS)}")
    form = source_form(result)
    if form == target:
        return _identical(result, target)
    return _Converter(result, form, target).run()


def _identical(result: LintResult, target: str) -> Conversion:
    if target == "pureftpd-debian":
        root = result.path.rstrip("/")
        files = {os.path.relpath(p, root): t for p, t in result.texts.items() if p.startswith(root + os.sep)}
        return Conversion(target, files, identical=True)
    if os.path.isfile(result.path):  # the file's own bytes: a reader may keep a trimmed copy for code frames
        from ftpconf.source import read_source

        return Conversion(target, {"": read_source(result.path).text}, identical=True)
    return Conversion(target, {"": result.texts[result.path]}, identical=True)


# -- the facets compared after a round through the target ------------------------------------------

Getter = Callable[[Server], Any]


@dataclass(frozen=True)
class Facet:
    label: str
    value: Getter
    setting: Callable[[Server], Setting[Any] | None]  # where the source said it (None: several places)
    applies: Callable[[Server], bool] = lambda s: True
    unset: str = "not set"  # how to say None


def _accepts(command: str) -> Getter:
    return lambda s: command in s.commands.accepted


def _passive_on(s: Server) -> bool:
    return s.commands.accepts("PASV") or s.commands.accepts("EPSV")


def _active_on(s: Server) -> bool:
    return s.commands.accepts("PORT") or s.commands.accepts("EPRT")


def _effective_range(s: Server) -> str:
    # Compared even when no file set it: the built-in defaults differ (vsftpd 5001-65535, the others 1024-).
    return str(s.passive.effective_range)


def _tls_on(s: Server) -> bool:
    return s.tls.mode.effective.value != "off"


FACETS: tuple[Facet, ...] = (
    Facet("started standalone (not by inetd)", lambda s: s.listen.standalone.effective, lambda s: s.listen.standalone),
    Facet(
        "control port",
        lambda s: s.listen.port.effective,
        lambda s: s.listen.port,
        lambda s: s.listen.standalone.effective,
    ),
    Facet(
        "listen address",
        lambda s: s.listen.address.effective,
        lambda s: s.listen.address,
        lambda s: s.listen.standalone.effective,
    ),
    Facet("IPv4/IPv6 listening", lambda s: (s.listen.ipv4, s.listen.ipv6), lambda s: s.listen.standalone),
    *(Facet(f"{c} accepted", _accepts(c), lambda s: None) for c in DATA_COMMANDS),
    Facet("passive port range", _effective_range, lambda s: s.passive.range_low, _passive_on, "any free port"),
    Facet(
        "passive advertised address",
        lambda s: s.passive.advertised_address.effective,
        lambda s: s.passive.advertised_address,
        _passive_on,
    ),
    Facet(
        "passive data from a foreign address",
        lambda s: s.passive.allow_foreign_address.effective,
        lambda s: s.passive.allow_foreign_address,
        _passive_on,
    ),
    Facet(
        "active-mode source port",
        lambda s: s.active.source_port.effective,
        lambda s: s.active.source_port,
        _active_on,
        "an ephemeral port",
    ),
    Facet(
        "active connections to a foreign address",
        lambda s: s.active.allow_foreign_address.effective,
        lambda s: s.active.allow_foreign_address,
        _active_on,
    ),
    Facet("TLS", lambda s: s.tls.mode.effective.value, lambda s: s.tls.mode),
    Facet(
        "TLS required for login",
        lambda s: s.tls.required_for_login.effective,
        lambda s: s.tls.required_for_login,
        _tls_on,
    ),
    Facet(
        "TLS required for data",
        lambda s: s.tls.required_for_data.effective,
        lambda s: s.tls.required_for_data,
        _tls_on,
    ),
    Facet("anonymous login", lambda s: s.access.anonymous.effective, lambda s: s.access.anonymous),
    Facet(
        "anonymous upload",
        lambda s: s.access.anonymous_upload.effective,
        lambda s: s.access.anonymous_upload,
        lambda s: s.access.anonymous.effective,
    ),
    Facet(
        "anonymous mkdir",
        lambda s: s.access.anonymous_mkdir.effective,
        lambda s: s.access.anonymous_mkdir,
        lambda s: s.access.anonymous.effective,
    ),
    Facet(
        "anonymous rename, delete and other writes",
        lambda s: s.access.anonymous_other_write.effective,
        lambda s: s.access.anonymous_other_write,
        lambda s: s.access.anonymous.effective,
    ),
    Facet("local user login", lambda s: s.access.local_users.effective, lambda s: s.access.local_users),
    Facet(
        "virtual user login (a user database: PureDB, MySQL, ...)",
        lambda s: s.access.virtual_users.effective,
        lambda s: s.access.virtual_users,
    ),
    Facet(
        "write commands for local users",
        lambda s: s.access.write.effective,
        lambda s: s.access.write,
        lambda s: s.access.local_users.effective,
    ),
    Facet(
        "chroot of local users",
        lambda s: s.access.chroot_local_users.effective,
        lambda s: s.access.chroot_local_users,
        lambda s: s.access.local_users.effective,
    ),
    Facet("client limit", lambda s: s.limits.max_clients.effective, lambda s: s.limits.max_clients, unset="unlimited"),
    Facet(
        "per-address client limit",
        lambda s: s.limits.max_per_ip.effective,
        lambda s: s.limits.max_per_ip,
        unset="unlimited",
    ),
)


def _spot(origin: Origin) -> tuple[str | None, int | None, int | None]:
    return (origin.path, origin.line, origin.column)


def _unknown(setting: Setting[Any] | None) -> bool:
    return setting is not None and setting.origin.kind == "default" and "not modelled" in setting.origin.detail


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _show(value: Any, unset: str = "not set") -> str:
    if value is None:
        return unset
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "/".join(str(v) for v in value)
    return str(value)


class _Converter:
    def __init__(self, result: LintResult, form: str, target: str) -> None:
        self.result = result
        self.form = form
        self.target = target
        self.dialect = registry.for_form(target)  # None: the neutral TOML/JSON forms
        self.family = self.dialect.name if self.dialect is not None else None
        self.config: Config = result.config
        self.source_dialect = result.config.dialect
        self.losses: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        # Extras meant to reach the output (as themselves or through an equivalent), with the name
        # the target spells them by: checked against the output as the target reads it.
        self.expected: list[tuple[Extra, str]] = []

    # -- helpers ---------------------------------------------------------------------------------

    def _span(self, origin: Origin | None) -> Span:
        span = origin.span if origin is not None else None
        return span if span is not None else Span(self.result.path, 1)

    def _header(self) -> str:
        return (
            f"Written by ftpconf convert --to {self.target} from {', '.join(self.config.sources)} ({self.form}).\n"
            "Settings that could not be carried over are listed by the convert report (FTP9xx)."
        )

    def _extra_dialect(self, dialect: str | None) -> str:
        return dialect or self.source_dialect

    # -- the run -----------------------------------------------------------------------------------

    def run(self) -> Conversion:
        servers = self.config.servers
        many = self.dialect is None or self.dialect.servers_per_file == "many"
        keep = servers if many else servers[:1]
        for dropped in servers[len(keep) :]:
            self.losses.append(
                codes.SERVER_DROPPED.at(
                    self._span(self._server_origin(dropped)),
                    f"server {dropped.name!r} is not carried over: a {self.target} file holds one server",
                )
            )
        kept = Config(dialect=self.config.dialect, sources=self.config.sources, servers=keep)
        carried: list[dict[str, str]] = []
        own_extras: list[list[Carried]] = []
        for server in keep:
            concepts, own = self._extras(server)
            carried.append(concepts)
            own_extras.append(own)
        written = self._write(kept, carried, own_extras)
        reread, findings = self._read_back(written)
        for before, after in zip(keep, reread.servers, strict=False):
            self._compare(before, after)
        self._check_carried(reread, written)
        return Conversion(
            self.target,
            written.files,
            written.links,
            sorted_diagnostics(self.losses),
            self.notes,
            self._ineffective(),
            output_findings=findings,
            output_config=reread,
        )

    def _ineffective(self) -> list[Diagnostic]:
        """The lines the source's daemon ignores because another line overrides them: the model holds
        the winner only, so they are not written; each is named here instead of vanishing."""
        return [
            codes.INEFFECTIVE_LEFT_OUT.at(
                finding.span, f"left out of the converted file ({finding.code}): {finding.message}"
            )
            for finding in self.result.diagnostics
            if finding.code in OVERRIDDEN_LINE_CODES
        ]

    @staticmethod
    def _server_origin(server: Server) -> Origin | None:
        for setting in (server.listen.address, server.listen.port):
            if setting.origin.kind == "file":
                return setting.origin
        return None

    def _modelled_spots(self, server: Server) -> set[tuple[str | None, int | None, int | None]]:
        """(path, line, column) of every setting that fed the model: a flag line has many on line 1."""
        spots: set[tuple[str | None, int | None, int | None]] = set()

        def visit(value: Any) -> None:
            if isinstance(value, Setting):
                spots.add(_spot(value.origin))
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    if name != "extras":
                        visit(getattr(value, name))

        visit(server)
        spots.update(_spot(o) for o in server.commands.origins.values())
        return spots

    def _extras(self, server: Server) -> tuple[dict[str, str], list[Carried]]:
        """Sort the server's extras: carried as themselves, carried through an equivalent, or lost."""

        modelled = self._modelled_spots(server)
        concepts: dict[str, str] = {}
        own: list[Carried] = []
        by_dialect: dict[str, list[Any]] = {}
        for extra in server.extras:
            by_dialect.setdefault(self._extra_dialect(extra.dialect), []).append(extra)
        for dialect, extras in by_dialect.items():
            # The target's own extras are carried as themselves: through an equivalent too, they would be doubled.
            found = {} if dialect == self.family else equivalents.concepts_of(tuple(extras), dialect)
            can = equivalents.carried_concepts(found, self.family) if self.family is not None else set(found)
            through = {id(extra) for concept, (_, extra) in found.items() if concept in can}
            values = {id(extra): value for value, extra in found.values()}
            concepts.update({c: v for c, (v, _) in found.items() if c in can})
            for concept, (value, extra) in found.items():
                name = None if self.family is None else equivalents.name_in(concept, self.family, value)
                if concept in can and name is not None:
                    self.expected.append((extra, name))
            for extra in extras:
                if self.family is None:
                    if extra.name.lower() in registry.get(dialect).code.secret_names() or is_secret_name(extra.name):
                        self.losses.append(
                            codes.SECRET_NOT_EXPORTED.at(
                                self._span(extra.origin), f"`{extra.name}` carries a secret and is not exported"
                            )
                        )
                    continue  # the neutral file keeps every extra, tagged with its dialect
                if dialect == self.family:
                    own.append(Carried(extra.name, extra.value, extra.section))
                    self.expected.append((extra, extra.name))
                    continue
                if id(extra) in through:
                    continue
                entry = equivalents.equivalent_of(extra, dialect)
                why = entry.reasons.get(self.family) if entry is not None else None
                unsaid = entry.unsaid.get(self.family or "") if entry is not None else None
                if unsaid is not None and unsaid == values.get(id(extra)):
                    continue  # the target does this without being told (proftpd's <Anonymous ~ftp> in pure-ftpd)
                if _spot(extra.origin) in modelled and not why and extra.section is None:
                    continue  # it fed a modelled facet (e.g. cmds_denied): the facet comparison covers it
                if entry is not None and entry.inlined and self._inlined(extra):
                    continue  # what it names was read into the model: its settings are converted themselves
                lost = f"{dialect} `{extra.name}`"
                if extra.section == extra.name:  # the section's own argument: <Anonymous DIR>
                    lost = f"{dialect} `<{extra.name} {extra.value or ''}>`"
                elif extra.section:
                    lost += f" in <{extra.section}>"
                self.losses.append(
                    codes.NO_EQUIVALENT.at(
                        self._span(extra.origin),
                        f"{lost} is not in the converted file: {why}"
                        if why
                        else f"{lost} has no {self.target} equivalent; it is not in the converted file",
                    )
                )
        return concepts, own

    def _inlined(self, extra: Extra) -> bool:
        """Whether the files ``extra`` names (a glob) were read with the source, so the model holds them."""
        pattern = (extra.value or "").strip().strip('"')
        if not pattern:
            return False
        base = os.path.dirname(extra.origin.path or self.result.path)
        pattern = os.path.normpath(os.path.join(base, pattern))
        return any(fnmatch.fnmatchcase(os.path.normpath(path), pattern) for path in self.result.texts)

    def _check_carried(self, reread: Config, written: Written) -> None:
        """An extra the writer was given but the target's reader does not find was not carried: report it."""
        if self.dialect is None:
            present = {e.name.lower() for server in reread.servers for e in server.extras}
        else:
            present = self.dialect.code.names_in_output(reread, written)
        seen: set[int] = set()
        for extra, name in self.expected:
            if name.lower() in present or id(extra) in seen:
                continue
            seen.add(id(extra))
            self.losses.append(
                codes.NO_EQUIVALENT.at(
                    self._span(extra.origin),
                    f"`{extra.name}` cannot be said in {self.target} form; it is not in the converted output",
                )
            )

    # -- writing -------------------------------------------------------------------------------------

    def _note_default(self, message: str) -> None:
        self.notes.append(codes.DEFAULT_SUPPLIED.at(Span(self.result.path, 1), message))

    def _write(self, config: Config, concepts: list[dict[str, str]], own: list[list[Carried]]) -> Written:
        header = self._header()
        if self.dialect is None:
            from ftpconf.dialects import neutral

            source = registry.get(self.source_dialect).code
            shaped = {e.name.lower() for server in config.servers for e in server.extras if is_secret_name(e.name)}
            data = neutral.to_neutral(config, source.secret_names() | shaped)
            return Written({"": neutral.dump_toml(data, header) if self.target == "toml" else neutral.dump_json(data)})
        carried = tuple(
            tuple(Carried(s.name, v or None, s.block) for s, v in equivalents.spell(per_server, self.dialect.name))
            for per_server in concepts
        )
        written = self.dialect.write(
            config,
            WriteOptions(
                form=self.target,
                header=header,
                carried=carried,
                own=tuple(tuple(per_server) for per_server in own),
                same_dialect=self.source_dialect == self.dialect.name,
            ),
        )
        for note in written.notes:
            self._note_default(f"{self.dialect.daemon}: {note}")
        return written

    # -- reading back ----------------------------------------------------------------------------------

    def _read_back(self, written: Written) -> tuple[Config, list[Diagnostic]]:
        from ftpconf.lint import findings_of, finish

        name = f"<converted {self.target}>"
        if self.dialect is None:
            return read_neutral(f"{name}.{self.target}", _encode(written.files[""])).config, []
        reading = self.dialect.code.read_written(written, self.target, name)
        linted = finish(name, reading.config.dialect, reading.config, findings_of(self.dialect.name, reading), {})
        return reading.config, linted.diagnostics

    def _compare(self, before: Server, after: Server) -> None:
        for facet in FACETS:
            if facet.applies(before) != facet.applies(after):
                continue  # the facet that decides whether this one matters differs, and is reported
            if not facet.applies(before):
                continue
            was, now = facet.value(before), facet.value(after)
            if was == now:
                continue
            setting = facet.setting(before)
            if _unknown(setting):
                continue  # the source's behaviour here is not modelled: nothing to promise
            if _unknown(facet.setting(after)):
                if setting is None or not setting.is_set:
                    continue
                self.losses.append(
                    codes.NOT_EXPRESSIBLE.at(
                        self._span(setting.origin),
                        f"{facet.label}: the source says {_show(was, facet.unset)}; {self.target} has no "
                        "setting for it and ftpconf does not model what it does",
                    )
                )
                continue
            origin = setting.origin if setting is not None else self._command_origin(before, facet.label)
            said = "" if origin is None or origin.kind in ("file", "argv") else f" ({origin.describe()})"
            self.losses.append(
                codes.NOT_EXPRESSIBLE.at(
                    self._span(origin),
                    f"{facet.label}: the source says {_show(was, facet.unset)}{said}, "
                    f"the converted {self.target} file would do {_show(now, facet.unset)}",
                )
            )

    @staticmethod
    def _command_origin(server: Server, label: str) -> Origin | None:
        command = label.split()[0]
        return server.commands.origins.get(command)
