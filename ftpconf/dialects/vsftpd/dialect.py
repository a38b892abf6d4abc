"""vsftpd as one DialectCode: its reader, writer and command line behind the interface every dialect shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ftpconf.dialects.base import DialectCode, InvocationError, Reading, reading_of
from ftpconf.model import Config
from ftpconf.source import ReadOptions, SourceFile

if TYPE_CHECKING:
    from ftpconf.catalog import VsftpdCatalog
    from ftpconf.dialects.comments import Comment
    from ftpconf.dialects.writing import WriteOptions, Written
    from ftpconf.textedit import TextFixer


class VsftpdCode(DialectCode):
    name = "vsftpd"

    def catalogue(self) -> VsftpdCatalog:
        from ftpconf import catalog

        return catalog.vsftpd()

    def read(self, source: SourceFile, options: ReadOptions) -> Reading:
        from ftpconf.dialects.vsftpd.reader import read

        result = read(source)  # vsftpd reads no environment and loads no modules
        return reading_of(result, result.settings)

    def invocation(self, command: str | Sequence[str], options: ReadOptions) -> Reading:
        """``vsftpd -olisten_port=2121 /etc/vsftpd.conf``: ``-o`` settings and files, applied left to right."""
        from ftpconf.dialects.vsftpd.reader import parse_command_line, read_invocation

        try:
            arguments, problems = parse_command_line(command)
        except ValueError as exc:  # shlex: an unbalanced quote
            raise InvocationError(f"cannot split the command line: {exc}") from None
        if problems:
            raise InvocationError("; ".join(problems))
        result = read_invocation(arguments)
        texts = {a.path: a.text for a in arguments if isinstance(a, SourceFile)}
        return Reading(result.config, result.diagnostics, texts, result.settings, result.repeats)

    def write(self, config: Config, options: WriteOptions) -> Written:
        from ftpconf.dialects.vsftpd import writer
        from ftpconf.dialects.writing import Written

        carried = options.for_server(0)
        text, notes = writer.write(config, [(c.name, c.value or "") for c in carried], options.header)
        return Written({"": text}, notes=notes)

    def text_fixers(self) -> Mapping[str, TextFixer]:
        from ftpconf.dialects.vsftpd.textfixes import FIXERS

        return FIXERS

    def comments(self, text: str) -> list[Comment]:
        from ftpconf.dialects.comments import comments_above_settings
        from ftpconf.dialects.vsftpd.grammar import parse_text

        return comments_above_settings((ln.number, ln.offset, ln.text, len(ln.raw), ln.kind) for ln in parse_text(text))


CODE = VsftpdCode()
