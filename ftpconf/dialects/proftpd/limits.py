"""How proftpd decides whether a ``<Limit>`` lets a command through (docs/daemons/proftpd.md §7).

For one ``<Limit>`` block and a client that matches no specific host rule:
``Order allow,deny`` (the default) lets ``AllowAll`` or an ``Allow`` that matches everyone win
before ``DenyAll`` / ``Deny`` are looked at, so AllowAll beats DenyAll; ``Order deny,allow``
checks the deny side first and the first matching side wins (not Apache-like).  Host-specific
``Allow``/``Deny`` rules decide only for those hosts; a block without a decision lets the command pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ftpconf.dialects.proftpd.blocks import Applied, Block
from ftpconf.dialects.proftpd.syntax import limit_argument_commands

# <Limit ALL>, READ, WRITE, DIRS and LOGIN do not cover the data-connection commands (measured).
GROUPS = frozenset({"ALL", "READ", "WRITE", "DIRS", "LOGIN"})
# The commands behind the model's anonymous_mkdir and anonymous_other_write (vsftpd's anon_mkdir_write_enable
# and anon_other_write_enable: deleting, renaming, removing directories, appending, changing modes).
ANONYMOUS_MKDIR = ("MKD", "XMKD")
ANONYMOUS_OTHER_WRITE = ("DELE", "RMD", "XRMD", "RNFR", "RNTO", "APPE", "SITE_CHMOD")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    by: Applied | Block  # the line that decided, or the block itself


def limit_commands(block: Block) -> set[str]:
    """The command names a ``<Limit>`` lists (case-insensitive; commas separate too)."""
    return {name.upper() for arg in block.args for name in limit_argument_commands(arg)}


def decide(block: Block) -> Decision | None:
    """The block's verdict for a client no host-specific rule names; None: no decision (the command passes)."""
    order = block.first("Order")  # proftpd reads the first (precedence.py)
    deny_first = order is not None and "".join(order.args).lower() == "deny,allow"
    allow = _first(block, "AllowAll") or _matching_everyone(block, "Allow")
    deny = _first(block, "DenyAll") or _matching_everyone(block, "Deny")
    sides = ((deny, False), (allow, True)) if deny_first else ((allow, True), (deny, False))
    for line, allowed in sides:
        if line is not None:
            return Decision(allowed, line)
    return None


def resolve(blocks: list[Block], command: str) -> Decision | None:
    """The first ``<Limit>`` among ``blocks`` that names ``command`` and decides."""
    for block in blocks:
        if command in limit_commands(block):
            decision = decide(block)
            if decision is not None:
                return decision
    return None


# The group a command belongs to, for the commands the model asks about (docs/daemons/proftpd.md §7).
GROUP_OF = {"RETR": "READ", "STOR": "WRITE", "STOU": "WRITE"}


def resolve_in(contexts: Sequence[Sequence[Block]], command: str) -> Decision | None:
    """proftpd's verdict on ``command`` in one directory: ``contexts`` are the ``<Limit>`` blocks of each
    enclosing context, innermost first.  Within a context a ``<Limit>`` naming the command beats one naming
    its group, and a group beats ALL (measured: ``<Limit READ WRITE> DenyAll`` beside ``<Limit STOR>
    AllowAll`` in one ``<Directory>`` lets STOR through)."""
    names = (command, GROUP_OF.get(command, ""), "ALL")
    for blocks in contexts:
        for name in filter(None, names):
            decision = resolve([b for b in blocks if name in limit_commands(b)], name)
            if decision is not None:
                return decision
    return None


def _first(block: Block, name: str) -> Applied | None:
    return block.first(name)


def _matching_everyone(block: Block, name: str) -> Applied | None:
    for directive in block.directives():
        if directive.name != name:
            continue
        words = list(directive.args)
        if words and words[0].lower() == "from":
            words = words[1:]
        tokens = {t.lower() for t in ",".join(words).split(",") if t}
        if "all" in tokens:
            return directive
    return None
