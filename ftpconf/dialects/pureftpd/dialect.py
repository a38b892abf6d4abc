"""pure-ftpd as one DialectCode: pure-ftpd.conf, a flag line and Debian's conf/ directory behind one interface."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ftpconf.dialects.base import COMMAND_LINE, DialectCode, Reading, reading_of
from ftpconf.model import Config
from ftpconf.source import ReadOptions, SourceFile

if TYPE_CHECKING:
    from ftpconf.catalog_pureftpd import PureftpdCatalog
    from ftpconf.dialects.comments import Comment
    from ftpconf.dialects.pureftpd.reader import ReadResult
    from ftpconf.dialects.secret import Secret
    from ftpconf.dialects.writing import WriteOptions, Written

CONF, FLAGS, DEBIAN = "pureftpd", "pureftpd-flags", "pureftpd-debian"


def _reading(result: ReadResult) -> Reading:
    return reading_of(result, result.flags, result.unseen)


class PureftpdCode(DialectCode):
    name = "pureftpd"

    def catalogue(self) -> PureftpdCatalog:
        from ftpconf import catalog

        return catalog.pureftpd()

    def read(self, source: SourceFile, options: ReadOptions) -> Reading:
        """pure-ftpd.conf, or a ``*.cmdline`` file holding a command line."""
        from ftpconf.dialects.pureftpd.reader import read

        return _reading(read(source, options))

    def reads_directory(self, path: str) -> bool:
        from ftpconf.dialects.pureftpd.confdir import looks_like_conf_dir

        return looks_like_conf_dir(path)

    def directory_holding(self, path: str) -> str | None:
        """A file of /etc/pure-ftpd/conf/ (or a link in auth/): the conf directory, read as a whole."""
        from ftpconf.dialects.pureftpd.confdir import looks_like_conf_dir

        parent = os.path.dirname(path) or "."
        folder = os.path.basename(os.path.abspath(parent))
        conf = {"conf": parent, "auth": os.path.join(os.path.dirname(parent), "conf")}.get(folder)
        return conf if conf is not None and os.path.isdir(conf) and looks_like_conf_dir(conf) else None

    def read_directory(self, path: str, options: ReadOptions) -> Reading:
        """Debian's /etc/pure-ftpd/conf/: one file per option, turned into flags by pure-ftpd-wrapper."""
        from ftpconf.dialects.pureftpd.confdir import read_conf_dir

        return _reading(read_conf_dir(path, options.pureftpd_build))

    def invocation(self, command: str | Sequence[str], options: ReadOptions) -> Reading:
        from ftpconf.dialects.pureftpd.reader import read_cmdline

        return _reading(read_cmdline(command, COMMAND_LINE, options.environ, build=options.pureftpd_build))

    def form_of(self, path: str) -> str:
        if os.path.isdir(path):
            return DEBIAN
        return FLAGS if path.lower().endswith(".cmdline") else CONF

    def write(self, config: Config, options: WriteOptions) -> Written:
        from ftpconf.dialects.pureftpd import writer
        from ftpconf.dialects.writing import Written

        server = config.servers[0]
        # The writer takes the model's own extras itself (options.own): only its option names are kept.
        carried = [(c.name, c.value) for c in (options.carried[0] if options.carried else ())]
        own = options.same_dialect
        if options.form == FLAGS:
            return Written({"": writer.flag_line(server, carry_extras=own, extra=carried) + "\n"})
        if options.form == CONF:
            return Written({"": writer.conf_file(server, carry_extras=own, extra=carried, header=options.header)})
        layout = writer.conf_dir(server, carry_extras=own, extra=carried)
        files = {f"conf/{name}": text for name, text in layout.files.items()}
        links = {f"auth/{name}": f"../conf/{target}" for name, target in layout.auth_links.items()}
        return Written(files, links)

    def read_written(self, written: Written, form: str, name: str) -> Reading:
        if form == CONF:
            return super().read_written(written, form, name)
        if form == FLAGS:
            from ftpconf.dialects.pureftpd.reader import read_cmdline

            return _reading(read_cmdline(written.files[""].rstrip("\n"), name))
        return _read_conf_dir_files(written)

    def comments(self, text: str) -> list[Comment]:
        from ftpconf.dialects.comments import comments_above_settings
        from ftpconf.dialects.pureftpd.grammar import parse_text

        return comments_above_settings((ln.number, ln.offset, ln.text, len(ln.raw), ln.kind) for ln in parse_text(text))

    def has_comments(self, path: str, file: str) -> bool:
        # A command line, or a file of Debian's conf directory (its whole content is one value), has none.
        return not file.endswith(".cmdline") and not os.path.isdir(path)

    def secrets(self, path: str, text: str) -> list[Secret]:
        from ftpconf.dialects.pureftpd import secrets

        return list(secrets.in_text(path, text))


def _read_conf_dir_files(written: Written) -> Reading:
    """Debian's layout, laid out in a temporary directory and read as lint reads /etc/pure-ftpd/conf/."""
    from ftpconf.dialects.pureftpd.confdir import read_conf_dir

    with tempfile.TemporaryDirectory(prefix="ftpconf-convert-") as tmp:
        os.makedirs(os.path.join(tmp, "conf"))  # an empty directory is a valid one: every default
        for relative, text in written.files.items():
            path = os.path.join(tmp, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(text)
        for relative, target in written.links.items():
            path = os.path.join(tmp, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(target, path)
        return _reading(read_conf_dir(os.path.join(tmp, "conf")))


CODE = PureftpdCode()
