"""proftpd's sections: ``<Global>``, ``<VirtualHost>``, ``<Limit>``... opened, checked, closed, left open.

Sections nest across included files, so the stack of open blocks is the reader's (state.py); this
opens one (with the argument checks of its handler, measured in docs/daemons/proftpd.md §5), closes
one (a closer of another kind is fatal, a stray session-conditional closer is accepted silently),
checks a ``<Limit>`` block once it is closed (host rules that crash 1.3.8, an ``Order deny,allow``
that denies everyone first), and at the end reports the sections never closed.
"""

from __future__ import annotations

from ftpconf.catalog_proftpd import ProftpdDirective
from ftpconf.dialects.proftpd import codes, limits
from ftpconf.dialects.proftpd.blocks import SESSION_CONDITIONALS, Block, context_label, context_of
from ftpconf.dialects.proftpd.state import ReaderState, Statement
from ftpconf.source import Span, printable

SECTIONS = {
    "global": "Global",
    "virtualhost": "VirtualHost",
    "anonymous": "Anonymous",
    "directory": "Directory",
    "limit": "Limit",
    "class": "Class",
    "ifuser": "IfUser",
    "ifgroup": "IfGroup",
    "ifclass": "IfClass",
    "ifauthenticated": "IfAuthenticated",
}


class Sections(ReaderState):
    def _open(self, st: Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> None:
        kind = SECTIONS[directive.name[1:-1].lower()]
        problem = _section_args(kind, args, self.open)
        if problem is not None:
            rule = codes.BAD_VALUE if "relative" in problem else codes.WRONG_ARG_COUNT
            self.fatal(st, rule, span, f"fatal: {directive.name}: {problem}")
            return
        block = Block(kind, args, span)
        self.block.add(block)
        self.open.append(block)

    def _close(self, st: Statement, directive: ProftpdDirective, args: tuple[str, ...], span: Span) -> None:
        kind = SECTIONS.get(directive.name[2:-1].lower(), "")
        if args:
            self.fatal(st, codes.WRONG_ARG_COUNT, span, f"fatal: {directive.name}: wrong number of parameters")
            return
        if self.block.kind == kind and len(self.open) > 1:
            closed = self.open.pop()
            if kind == "Limit":
                self._check_limit(closed, context_of(self.open))
            elif kind == "Anonymous":
                self._check_anonymous(closed)
            return
        if kind in SESSION_CONDITIONALS:
            return  # a stray </IfUser> is accepted silently
        self.fatal(
            st,
            codes.STRAY_CLOSER,
            span,
            f"fatal: {directive.name}: directive not allowed in {context_label(context_of(self.open))} context",
        )

    def _check_limit(self, block: Block, outside: str) -> None:
        """``outside``: the context the <Limit> block sits in."""
        if block.span is None:
            return
        host_rules = [d for d in block.directives() if d.name in ("Allow", "Deny")]
        extended = limits.limit_commands(block) & {"EPRT", "EPSV"}
        top_level = outside in ("server", "Global")
        if host_rules and extended and top_level:
            self.diagnostics.append(
                codes.LIMIT_HOST_RULES_CRASH.at(
                    block.span,
                    f"`<Limit {' '.join(block.args)}>` names {' and '.join(sorted(extended))} and holds "
                    f"{host_rules[0].name} rules outside <Anonymous>: proftpd 1.3.8 "
                    "has crashed on such blocks; use DenyAll or move the rules into <Anonymous>",
                )
            )
        order = block.first("Order")  # proftpd reads the first (precedence.py)
        if order is None or "".join(order.args).lower() != "deny,allow":
            return
        deny_all = limits.decide(block)
        allows = [d for d in block.directives() if d.name == "Allow"]
        if deny_all is not None and not deny_all.allowed and allows:
            self.diagnostics.append(
                codes.ORDER_DENY_ALLOW.at(
                    allows[0].span,
                    "with `Order deny,allow` and a deny rule matching everyone, proftpd denies every client before "
                    "this Allow is considered",
                    "use `Order allow,deny` to let these hosts through",
                )
            )

    def _check_anonymous(self, block: Block) -> None:
        """`User root` for anonymous sessions: refused without RootLogin on, root's rights with it (measured)."""
        user = block.first("User")
        if user is None or [a.lower() for a in user.args] != ["root"]:
            return
        root_login = next((b.first("RootLogin") for b in (block, *reversed(self.open)) if b.first("RootLogin")), None)
        if root_login is not None and root_login.args and root_login.args[0].lower() in ("on", "yes", "true", "1"):
            what = f"with `RootLogin {root_login.args[0]}` anonymous users read and write with root's rights"
        else:
            what = "without `RootLogin on` proftpd refuses every anonymous login (530 Login incorrect)"
        self.diagnostics.append(
            codes.ANONYMOUS_AS_ROOT.at(
                user.span, f"`User root` in <Anonymous>: {what}", "give anonymous sessions an unprivileged account"
            )
        )

    def finish(self, main: str) -> None:
        """The end of the main file: every section still open is unclosed."""
        for block in reversed(self.open[1:]):
            self.diagnostics.append(
                codes.UNCLOSED_SECTION.at(
                    block.span or Span(main, 1),
                    f"<{block.kind}> is never closed: fatal: error processing configuration file "
                    f"'{printable(main)}': unclosed configuration section",
                )
            )


def _section_args(kind: str, args: tuple[str, ...], open_blocks: list[Block]) -> str | None:
    """The argument checks of the section handlers (measured, docs/daemons/proftpd.md §5)."""
    if kind == "Limit" and not args:
        return "directive requires one or more commands"
    if kind == "Global" and args:
        return "Too many parameters"
    if kind == "VirtualHost" and not args:
        return "wrong number of parameters"
    if kind in ("Anonymous", "Directory", "Class") and not args:
        return "missing parameters"
    if kind in SESSION_CONDITIONALS and not args:
        return "wrong number of parameters"
    if kind == "Directory" and args[0][:1] not in ("/", "~") and all(b.kind != "Anonymous" for b in open_blocks):
        return "relative path not allowed in non-<Anonymous> sections"
    return None
