"""Which occurrence proftpd applies when a directive is repeated in one context.

Most directives are stored as config records in file order and looked up with ``find_config`` /
``get_param_ptr``, which return the first match: the **first** occurrence wins (PassivePorts,
MasqueradeAddress, Port and MaxClients measured on the Debian 1.3.8 binary).  A few handlers write
a global or the server record while parsing, so the **last** one wins.  ``TLSOptions`` is read in a loop that
ORs every occurrence together, and ``DefaultRoot`` in one that takes the first whose group
expression matches: neither makes an earlier line dead, so they are not listed.

Only the directives the model reads are listed: for the others ftpconf does not claim to know.
"""

from __future__ import annotations

from typing import Literal

Winner = Literal["first", "last"]

WINNER: dict[str, Winner] = {
    # find_config / get_param_ptr (mod_core, mod_auth, mod_tls)
    "port": "first",
    "passiveports": "first",
    "masqueradeaddress": "first",
    "allowforeignaddress": "first",
    "rootrevoke": "first",
    "maxclients": "first",
    "maxclientsperhost": "first",
    "tlsengine": "first",
    "tlsrequired": "first",
    "tlsprotocol": "first",
    "order": "first",  # in a <Limit>: dirtree.c reads it with get_param_ptr
    # set while parsing: ServerType, SocketBindTight and UseIPv6 set globals, DefaultAddress the main server
    "servertype": "last",
    "socketbindtight": "last",
    "useipv6": "last",
    "defaultaddress": "last",
}
