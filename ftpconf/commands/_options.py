"""Options several sub-commands share: which daemon, and proftpd's module set and defines."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ftpconf.dialects import registry

if TYPE_CHECKING:
    from ftpconf.source import ReadOptions

F = TypeVar("F", bound=Callable[..., object])
R = TypeVar("R")

DIALECTS = ("auto", *registry.spellings())


def dialect_option(func: F) -> F:
    return click.option(
        "--dialect",
        type=click.Choice(DIALECTS),
        default="auto",
        show_default=True,
        help="Which daemon the files are for.",
    )(func)


def proftpd_options(func: F) -> F:
    """``--modules LIST`` and repeatable ``--define NAME``, for proftpd's <IfModule> and <IfDefine>."""
    func = click.option(
        "--define", "defines", multiple=True, metavar="NAME", help="proftpd: a -D define, for <IfDefine>."
    )(func)
    return click.option(
        "--modules",
        metavar="LIST",
        default=None,
        help="proftpd: the loaded module set, comma-separated (default: the compiled-in modules and the "
        "LoadModule lines the files reach).",
    )(func)


def root_option(func: F) -> F:
    """``--root DIR``: a checked-in tree that is the server's ``/``; absolute paths the files name are read there."""
    return click.option(
        "--root",
        type=click.Path(exists=True, file_okay=False),
        default=None,
        metavar="DIR",
        help="The server's / as checked in here (e.g. a repository's copy of /etc under DIR/etc): Include targets "
        "and other absolute paths are looked up under DIR [default: for lint the project's root; else the directory "
        "above etc/ when a file lies under .../etc/].",
    )(func)


def pureftpd_option(func: F) -> F:
    """``--pureftpd-build``: which of Debian's pure-ftpd binaries the configuration is for."""
    from ftpconf.dialects.pureftpd import BUILD_NAMES

    return click.option(
        "--pureftpd-build",
        type=click.Choice(("auto", *BUILD_NAMES)),
        default=None,
        help="pure-ftpd: the binary it runs on (pure-ftpd, pure-ftpd-mysql, ...) [default: the project's, else "
        "the one its keys, -l methods or program name ask for].",
    )(func)


def read_flags(func: F) -> F:
    """How a command reads its files: ``--modules``/``--define`` (proftpd), ``--pureftpd-build`` and ``--root``,
    as the command line gives them (``lint`` lays them over a project file's)."""
    return proftpd_options(pureftpd_option(root_option(func)))


def read_options(func: Callable[..., R]) -> Callable[..., R]:
    """:func:`read_flags`, handed to the command as one ``options`` argument, the ReadOptions they make."""

    @functools.wraps(func)
    def command(
        *args: Any,
        modules: str | None,
        defines: tuple[str, ...],
        pureftpd_build: str | None,
        root: str | None,
        **rest: Any,
    ) -> R:
        return func(*args, options=reading(modules, defines, pureftpd_build, root), **rest)

    return read_flags(command)


def reading(modules: str | None, defines: tuple[str, ...], pureftpd_build: str | None, root: str | None) -> ReadOptions:
    """The values of :func:`read_flags` as the readers take them."""
    from ftpconf.source import ReadOptions

    return ReadOptions(
        modules=parse_modules(modules), defines=defines, pureftpd_build=parse_build(pureftpd_build), root=root
    )


def parse_build(value: str | None) -> str | None:
    """``--pureftpd-build auto`` (or nothing) -> None: decided from the configuration."""
    return None if value in (None, "auto") else value


def parse_modules(text: str | None) -> tuple[str, ...] | None:
    """``--modules a.c, b.c`` -> ("a.c", "b.c"); None: the dialect's default set."""
    return None if text is None else tuple(m.strip() for m in text.split(",") if m.strip())


def format_option(choices: tuple[str, ...], default: str, help: str) -> Callable[[F], F]:
    """``--format``, the same option in every command that prints."""
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=default, show_default=True, help=help
    )


def cmdline_option(verb: str) -> Callable[[F], F]:
    """Repeatable ``--cmdline COMMAND``: a daemon's command line is configuration too."""
    return click.option(
        "--cmdline",
        "cmdlines",
        multiple=True,
        metavar="COMMAND",
        help=f'{verb} a command line that starts vsftpd, proftpd or pure-ftpd, e.g. "proftpd -n -c /etc/proftpd.conf".',
    )


def target_version_option(func: F) -> F:
    """Repeatable ``--target-version VERSION``: the daemon version whose catalogue decides (ftpconf/versions.py).

    A version number names its daemon (vsftpd 3.0.x, proftpd 1.3.x, pure-ftpd 1.0.x); the callback turns the
    values into (daemon, version) pairs and refuses one no catalogue describes (a usage error: exit 2)."""
    from ftpconf import versions

    def parse(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        try:
            return versions.parse(value)
        except versions.UnknownVersion as exc:
            raise click.BadParameter(str(exc), ctx, param) from None

    return click.option(
        "--target-version",
        "target_versions",
        multiple=True,
        metavar="VERSION",
        callback=parse,
        help="The daemon version to check against (repeat for several daemons): "
        f"{versions.describe()}. Default: Debian 12's; or `target-version` in the daemon's table of .ftpconf.toml.",
    )(func)
