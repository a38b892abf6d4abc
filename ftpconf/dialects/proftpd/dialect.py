"""proftpd as one DialectCode: its reader, writer and command line behind the interface every dialect shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ftpconf.dialects.base import COMMAND_LINE, DialectCode, Reading, reading_of
from ftpconf.model import Config, Origin, Setting
from ftpconf.source import ReadOptions, SourceFile, Span, read_source

if TYPE_CHECKING:
    from ftpconf.catalog_proftpd import ProftpdCatalog
    from ftpconf.dialects.comments import Comment
    from ftpconf.dialects.proftpd.blocks import Block
    from ftpconf.dialects.secret import Secret
    from ftpconf.dialects.writing import WriteOptions, Written
    from ftpconf.textedit import TextFixer


class ProftpdCode(DialectCode):
    name = "proftpd"

    def catalogue(self) -> ProftpdCatalog:
        from ftpconf import catalog

        return catalog.proftpd()

    def read(self, source: SourceFile, options: ReadOptions) -> Reading:
        from ftpconf.dialects.proftpd.reader import read

        result = read(source, options)
        return reading_of(result, result.root)

    def main_files(self, path: str, options: ReadOptions) -> list[str]:
        from ftpconf.dialects.proftpd.fragments import main_files

        return main_files(path, options)

    def is_fragment(self, path: str) -> bool:
        from ftpconf.dialects.proftpd.fragments import is_fragment

        return is_fragment(path)

    def invocation(self, command: str | Sequence[str], options: ReadOptions) -> Reading:
        """``proftpd -n -c FILE -D NAME -S ADDRESS -4``: the file read with the defines; -S and -4/-6 applied."""
        from ftpconf.dialects.proftpd import invocation
        from ftpconf.dialects.proftpd.reader import read

        found = invocation.parse(command)
        defined = options.replace(defines=(*options.defines, *found.defines))
        result = read(read_source(options.host_paths(None).resolve(found.config)), defined)  # -c names the server's
        config = result.config
        if found.server_address is not None and _binds_tight(result.root):
            config = _with_address(config, found.server_address)
        if found.ipv6 is not None:
            config = _with_ipv6(config, found.ipv6)
        return Reading(config, result.diagnostics, result.texts, result.root, result.repeats)

    def write(self, config: Config, options: WriteOptions) -> Written:
        from ftpconf.dialects.proftpd import writer
        from ftpconf.dialects.writing import Written

        extras = [[(c.name, c.value, c.block) for c in options.for_server(i)] for i in range(len(config.servers))]
        text, notes = writer.write(config, header=options.header, extras=extras)
        return Written({"": text}, notes=notes)

    def text_fixers(self) -> Mapping[str, TextFixer]:
        from ftpconf.dialects.proftpd.textfixes import FIXERS

        return FIXERS

    def comments(self, text: str) -> list[Comment]:
        from ftpconf.dialects.proftpd.comments import comments

        return comments(text)

    def secrets(self, path: str, text: str) -> list[Secret]:
        from ftpconf.dialects.proftpd import secrets

        return list(secrets.in_text(path, text))

    def model_secrets(self, config: Config) -> list[Secret]:
        from ftpconf.dialects.proftpd import secrets

        return list(secrets.in_model(config))

    def secret_names(self) -> frozenset[str]:
        from ftpconf.dialects.proftpd import secrets

        return secrets.names()

    def names_in_output(self, config: Config, written: Written) -> set[str]:
        # <IfModule> blocks of modules the stock set lacks are skipped by the reader: their lines are text only.
        words = {word.lower() for text in written.files.values() for word in text.split()}
        return super().names_in_output(config, written) | words


def _binds_tight(root: Block) -> bool:
    """-S names the main server's address when DefaultAddress does not; the model holds an address only
    for a SocketBindTight server (measured on proftpd 1.3.8: ``-S 127.0.0.2`` with SocketBindTight on
    listens on 127.0.0.2 alone)."""
    from ftpconf.dialects.proftpd.values import parse_bool

    tight = root.last("SocketBindTight")
    return tight is not None and bool(parse_bool(tight.args[0])) and root.last("DefaultAddress") is None


def _with_address(config: Config, address: str) -> Config:
    main = config.servers[0]
    setting = Setting[str | None].model_construct(
        effective=address, declared=address, origin=Origin.at(Span(COMMAND_LINE, 1), "argv", f"-S {address}")
    )
    listen = main.listen.model_copy(update={"address": setting})
    return config.model_copy(update={"servers": (main.model_copy(update={"listen": listen}), *config.servers[1:])})


def _with_ipv6(config: Config, ipv6: bool) -> Config:
    """-4 keeps proftpd to IPv4 (as UseIPv6 off), -6 lets it use IPv6 too."""
    servers = tuple(s.model_copy(update={"listen": s.listen.model_copy(update={"ipv6": ipv6})}) for s in config.servers)
    return config.model_copy(update={"servers": servers})


CODE = ProftpdCode()
