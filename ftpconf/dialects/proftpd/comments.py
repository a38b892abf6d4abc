"""proftpd's comment lines, each with the directive (a whole section, for a section opener) it stands above."""

from __future__ import annotations

from ftpconf.dialects.comments import Comment
from ftpconf.dialects.proftpd.grammar import Logical, Section, parse


def comments(text: str) -> list[Comment]:
    document = parse("", text)
    # Where each section ends: its closer, or (unclosed) its last descendant.  Iterative: sections
    # may nest thousands deep.
    ends: dict[int, int] = {}
    stack: list[tuple[Logical | Section, bool]] = [(node, False) for node in reversed(document.tree)]
    last_line: dict[int, int] = {}
    while stack:
        node, done = stack.pop()
        if isinstance(node, Logical):
            last_line[id(node)] = node.lines[-1].number
            continue
        if not done:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
            continue
        end = node.open.lines[-1].number
        if node.children:
            child = node.children[-1]
            end = max(end, last_line[id(child.open if isinstance(child, Section) else child)])
        if node.close is not None:
            end = node.close.lines[-1].number
        ends[id(node.open)] = end
        last_line[id(node.open)] = end

    out: list[Comment] = []
    pending: list[tuple[int, int, str, int]] = []
    for logical in document.logical:
        first = logical.first
        if logical.kind == "comment":
            pending.append((first.number, first.offset, first.text, len(first.raw)))
        elif logical.kind == "directive":
            end = ends.get(id(logical), logical.lines[-1].number)
            out.extend(Comment(n, o, t, r, range(first.number, end + 1)) for n, o, t, r in pending)
            pending = []
    out.extend(Comment(n, o, t, r, range(0)) for n, o, t, r in pending)
    return out
