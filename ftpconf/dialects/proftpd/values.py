"""The value checks of proftpd's directive handlers that make ``proftpd -t`` fail (docs/daemons/proftpd.md §2, §7, §8).

Each check returns proftpd's own message text (what follows ``fatal: Name: ``) or None.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from ftpconf.catalog_proftpd import ArgPosition, ProftpdDirective
from ftpconf.integers import parse_decimal, parse_signed

BOOLEAN_WORDS = frozenset({"on", "off", "yes", "no", "true", "false", "1", "0"})
INCLUDE_OPTIONS = frozenset({"AllowSymlinks", "IgnoreTempFiles", "IgnoreWildcards"})
_ATOI = re.compile(r"[ \t\n\r\f\v]*([+-]?[0-9]+)")  # C: ASCII digits only
_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+){0,3}\.?")


_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


def _c_int(text: str) -> int:
    """``(int) strtol(text)`` of ``[+-]digits`` (glibc): strtol saturates at 64 bits, the cast keeps 32."""
    value = max(min(parse_signed(text) or 0, _LONG_MAX), _LONG_MIN)
    return (value + (1 << 31)) % (1 << 32) - (1 << 31)


def atoi(text: str) -> int:
    """C atoi, i.e. ``(int) strtol(text, NULL, 10)``: leading space, sign and ASCII digits; else 0."""
    match = _ATOI.match(text)
    return _c_int(match[1]) if match else 0


def strtol_int(text: str) -> int | None:
    """``(int) strtol(text, &end, 10)`` when it reads the whole text (``*end == 0``), else None."""
    match = _ATOI.fullmatch(text)
    return _c_int(match[1]) if match else None


def max_clients_value(text: str) -> int | None:
    """The number of clients MaxClients allows; None for ``none`` (unlimited) and for what proftpd refuses."""
    value = strtol_int(text)
    return value if value is not None and value > 0 else None


# The classes a first argument falls in, with the representatives tools/probe_proftpd_args.py asked the
# binary about; data/proftpd-argument-rules.tsv says which classes each directive refuses.
CLASS_SAMPLES: dict[str, tuple[str, ...]] = {
    "empty": ("",),
    "boolean": ("on", "off", "yes", "no", "true", "false", "On", "OFF"),
    "zero": ("0",),
    "one": ("1",),
    "small": ("2", "300", "65535"),
    "large": ("65536", "2147483647"),
    "overflow": ("2147483648", "99999999999999999999"),
    "negative": ("-1", "-300"),
    "octal": ("0755", "022"),
    "non-octal": ("0999", "08"),
    "fraction": ("1.5", "0.25"),
    "duration": ("10s", "5m", "1h"),
    "clock": ("00:01:00", "1:30:00"),
    # a `#` glued to a word is part of it (docs/daemons/proftpd.md §1): after digits, like the letters it follows
    "junk-suffix": ("10abc", "5x", "5#"),
    "word": ("abc", "xyzzy"),
    # a word with a `#` glued on (`none# note`): never one of a handler's keywords, so judged even where the
    # words a handler takes are not all known
    "hashed-word": ("abc#", "none#", "on#"),
    "quoted": ("'on'", "'5'", "'abc'"),  # single quotes are not quotes to proftpd: part of the value
    "other": ("+5", "a,b", "@x"),  # anything else, paths and addresses aside
}
_CLASS_PATTERNS = (
    ("negative", re.compile(r"-[0-9]+")),
    ("octal", re.compile(r"0[0-7]+")),
    ("non-octal", re.compile(r"0[0-9]+")),
    ("fraction", re.compile(r"[0-9]+\.[0-9]+")),
    ("duration", re.compile(r"[0-9]+[smhSMH]")),
    ("clock", re.compile(r"[0-9]+:[0-9]{2}(:[0-9]{2})?")),
    ("junk-suffix", re.compile(r"[0-9]+[A-Za-z#]+")),
    ("word", re.compile(r"[A-Za-z][A-Za-z0-9_-]*")),
    # a word of any other letters (`HIGH:!aNULL:!MD5#`) too: a path aside (`/var/log/x#` names a file)
    ("hashed-word", re.compile(r"[A-Za-z][^\s/#]*#+")),
)


def value_class(text: str) -> str | None:
    """The class of CLASS_SAMPLES a value falls in; None for paths and addresses, which the probes do not cover."""
    if text == "":
        return "empty"
    if re.search(r"\s", text):  # only a quoted value holds blanks (`"100 # note`: unterminated, to the line's end)
        return _spaced_class(text)
    if text.lower() in BOOLEAN_WORDS - {"1", "0"}:
        return "boolean"
    if text in ("0", "1"):
        return "zero" if text == "0" else "one"
    if re.fullmatch(r"[1-9][0-9]*", text):
        number = int(text)
        return "small" if number <= 65535 else "large" if number <= (1 << 31) - 1 else "overflow"
    found = next((name for name, pattern in _CLASS_PATTERNS if pattern.fullmatch(text)), None)
    if found is not None:
        return found
    if text[:1] == "'":  # single quotes are not quotes: `'/var/log/x'` is no absolute path (measured like 'abc')
        return "quoted"
    if "/" in text or re.fullmatch(r"[0-9.:]*[.:][0-9.:]*", text):  # a file or an address: a fact of the host
        return None
    return "quoted" if text[:1] == "'" or text[-1:] == "'" else "other"


def _spaced_class(text: str) -> str | None:
    """A value with blanks inside reads like its first word with junk glued on (measured: `MaxInstances "100 # note`
    and `TLSRenegotiate "100 # note` are refused like ``10abc``, `TLSRenegotiate "none x` like ``none#``); None
    where that is not known: blanks around it (strtol skips leading ones), a clock's or a path's junk
    (`BanOnEvent ... "01:00:00 # note` is taken)."""
    if text != text.strip():
        return None
    head = text.split()[0]
    if re.fullmatch(r"[0-9]+", head):
        return "junk-suffix"
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", head):
        return "hashed-word"
    return None


def parse_bool(text: str) -> bool | None:
    lowered = text.lower()
    if lowered not in BOOLEAN_WORDS:
        return None
    return lowered in ("on", "yes", "true", "1")


def passive_ports(args: Sequence[str]) -> str | None:
    low, high = atoi(args[0]), atoi(args[1])
    if not 0 < low <= 65535:
        return "min port must be allowable port number"
    if not 0 < high <= 65535:
        return "max port must be allowable port number"
    if low < 1024 or high < 1024:
        return "port numbers must be above 1023"
    if high <= low:
        return "min port must be less than max port"
    return None


def port(args: Sequence[str]) -> str | None:
    return None if 0 <= atoi(args[0]) <= 65535 else "value must be between 0 and 65535"


def umask(args: Sequence[str]) -> str | None:
    # strtol(value, &end, 8) must read it all: a sign is fine, and so is nothing at all ("")
    for value in args[:2]:
        if not re.fullmatch(r"(?:[ \t\n\r\f\v]*[+-]?[0-7]+)?", value):
            return f"'{value}' is not a valid umask"
    return None


def max_clients(args: Sequence[str]) -> str | None:
    value = args[0]
    if value.lower() == "none" or max_clients_value(value) is not None:
        return None
    return "parameter must be 'none' or a number greater than 0"


def order(args: Sequence[str]) -> str | None:
    joined = "".join(args)
    return None if joined.lower() in ("allow,deny", "deny,allow") else f"'{joined}': invalid argument"


def host_acl(name: str) -> Callable[[Sequence[str]], str | None]:
    def check(args: Sequence[str]) -> str | None:
        words = list(args[1:] if args and args[0].lower() == "from" else args)
        if words and words[0].lower() in ("all", "none"):  # measured: as the whole first word it ends the list
            return None
        tokens = [t for t in ",".join(words).split(",") if t]  # measured: empty words and items are skipped
        syntax = f"syntax: {name} [from] [all|none]|host|network[,...]"
        if not tokens or any(token.lower() in ("all", "none") for token in tokens):  # measured: `all` elsewhere
            return syntax
        for token in tokens:
            problem = _acl_problem(token)
            if problem:
                return f"bad ACL definition '{token}': {problem}"
        return None

    return check


def _acl_problem(token: str) -> str | None:
    address, slash, prefix = token.partition("/")
    bits = parse_decimal(prefix)
    if prefix and not (bits is not None and bits <= (128 if ":" in address else 32)):  # "10.0.0.0/" is fine
        return "Invalid argument"
    if slash and not re.fullmatch(r"[0-9A-Fa-f.:]+", address):  # a network is numeric (`localhost/8` is refused)
        return "Invalid argument"
    # A numeric dotted word that is not an IPv4 address is looked up as a host name and fails.
    dotted_quad = _DOTTED.fullmatch(address) and address.count(".") == 3 and not address.endswith(".")
    if dotted_quad and any((parse_decimal(octet) or 0) > 255 for octet in address.split(".")):
        return "No such file or directory"
    return None


def include_options(args: Sequence[str]) -> str | None:
    for value in args:
        if value not in INCLUDE_OPTIONS:
            return f"unknown IncludeOption '{value}'"
    return None


def server_type(args: Sequence[str]) -> str | None:
    return None if args[0].lower() in ("inetd", "standalone") else "type must be either 'inetd' or 'standalone'"


def default_root(args: Sequence[str]) -> str | None:
    return None if args[0][:1] in ("/", "~") else f"({args[0]}) absolute pathname required"


# The keys mod_sftp's SFTPClientMatch takes after its pattern (`pattern key value ...`), case-sensitive: the
# literals the handler's strings name, each accepted by `proftpd -t` (mod_sftp loaded) and a lower-cased one refused.
SFTP_CLIENT_MATCH_KEYS = frozenset(
    {
        "channelWindowSize", "channelPacketSize", "pessimisticNewkeys", "sftpCiphers", "sftpDigests",
        "sftpHostKeys", "sftpKeyExchanges", "sftpProtocolVersion", "sftpUTF8ProtocolVersion",
    }
)  # fmt: skip


# The keys whose value is a size: digits, then nothing or B, KB, MB, GB in any case (measured: `1K`, `1TB`, `1.5GB`,
# `-1` and a value past 64 bits are refused).
_SFTP_SIZE_KEYS = frozenset({"channelWindowSize", "channelPacketSize"})
_SIZE = re.compile(r"\+?([0-9]+)(?:[KMG]?B)?", re.IGNORECASE)


def sftp_client_match(args: Sequence[str]) -> str | None:
    unknown = next((key for key in args[1::2] if key not in SFTP_CLIENT_MATCH_KEYS), None)
    if unknown is not None:
        return f"unknown SFTPClientMatch key: '{unknown}'"
    for key, value in zip(args[1::2], args[2::2], strict=False):
        size = _SIZE.fullmatch(value) if key in _SFTP_SIZE_KEYS else None
        if key in _SFTP_SIZE_KEYS and (size is None or int(size[1]) >= 1 << 64):
            return f"error parsing '{key}' value {value}: Invalid argument"
        if key == "pessimisticNewkeys" and parse_bool(value) is None:
            return "expected Boolean parameter"
    return None


_STRTOUL = re.compile(r"[ \t\n\r\f\v]*(?:([+-]?)([0-9]+))?")  # nothing at all reads as 0 too


def _strtoul(text: str) -> int | None:
    """C ``strtoul(text, &end, 10)`` (64 bits) when it reads the whole text, else None: a minus wraps around
    (``-1`` is the largest value) and too many digits saturate."""
    match = _STRTOUL.fullmatch(text)
    if match is None:
        return None
    value = int(match[2] or 0)
    if value >= 1 << 64:
        return (1 << 64) - 1
    return (-value) % (1 << 64) if match[1] == "-" else value


def auth_group_file(args: Sequence[str]) -> str | None:
    """``AuthGroupFile path [id min-max] [name regex] ...``: the restrictions after the path, as measured on
    proftpd 1.3.8 and 1.3.8c (the regex itself is left to the daemon's regex library)."""
    if not args[0].startswith("/"):  # `~/group` and a single-quoted path too
        return f"unable to use relative path for AuthGroupFile '{args[0]}'."
    for at in range(1, len(args), 2):
        keyword = args[at]
        if keyword.lower() not in ("id", "name"):
            return f": unknown restriction '{keyword}'"
        if at + 1 == len(args):  # the handler reads past its arguments: SIGSEGV, under -t and at start
            return f"restriction '{keyword}' without its value (proftpd crashes on it)"
        if keyword.lower() == "id":
            low, dash, high = args[at + 1].partition("-")
            if not dash:
                return "badly formatted ID restriction parameter"
            least, most = _strtoul(low), _strtoul(high)
            if least is None:
                return "badly formatted minimum ID"
            if most is None:
                return "badly formatted maximum ID"
            if most < least:
                return "minimum cannot be larger than maximum"
    return None


_LDAP_URL = re.compile(r"(?i)ldap[si]?://")


def ldap_server(args: Sequence[str]) -> str | None:
    """mod_ldap's ``LDAPServer url|host[:port] ... [ssl-...:value]`` (measured): each word may list several
    servers; an ``ldap://``/``ldaps://`` URL goes to libldap (not judged here), ``ldapi://`` is refused, and
    anything else is ``host[:port]`` where the port (after the first ``:``) must read as a non-zero number."""
    for word in args:
        if word.lower().startswith("ssl-"):
            continue
        for server in word.split():
            if _LDAP_URL.match(server):
                if server[:6].lower() == "ldapi:":
                    return f"invalid scheme specified by URL '{server}': valid schemes are 'ldap' or 'ldaps'"
                if problem := _ldap_url_problem(server):
                    return problem
                continue
            _host, colon, number = server.partition(":")
            if colon and atoi(number) == 0:
                return f"unable to parse '{number}' as a port number for '{server}'"
    return None


# The search scopes libldap's URL parser takes, in any case (measured: `??sub#`, `??bogus` are refused).
_LDAP_SCOPES = frozenset({"base", "one", "onelevel", "sub", "subtree", "children", "subord", "subordinate"})
_LDAP_ONLY_USERS = "by an LDAPServer URL, only by LDAPUsers or LDAPGroups"


def _ldap_url_problem(url: str) -> str | None:
    """``scheme://host[:port]/dn?attrs?scope?filter``: libldap refuses an unknown scope; mod_ldap then refuses a
    base DN or a filter (measured on 1.3.8 and 1.3.8c)."""
    _host, slash, path = url.split("://", 1)[1].partition("/")
    if not slash:
        return None
    dn, _, rest = path.partition("?")
    parts = rest.split("?")
    scope = parts[1] if len(parts) > 1 else ""
    if scope and scope.lower() not in _LDAP_SCOPES:
        return f"invalid LDAP URL '{url}': Strong(er) authentication required"
    if dn:
        return f"{url}: a base DN may not be specified {_LDAP_ONLY_USERS}"
    if len(parts) > 2 and parts[2]:
        return f"{url}: a search filter may not be specified {_LDAP_ONLY_USERS}"
    return None


CHECKS: dict[str, Callable[[Sequence[str]], str | None]] = {
    "authgroupfile": auth_group_file,
    "ldapserver": ldap_server,
    "passiveports": passive_ports,
    "port": port,
    "umask": umask,
    "maxclients": max_clients,
    "order": order,
    "allow": host_acl("Allow"),
    "deny": host_acl("Deny"),
    "includeoptions": include_options,
    "servertype": server_type,
    "defaultroot": default_root,
    "sftpclientmatch": sftp_client_match,
}


# Handlers that take each of their words once (measured: `SQLAuthenticate users users*` -> "users already set",
# case and mod_sql's `*` suffix aside).
ONCE_EACH = frozenset({"sqlauthenticate"})


def _repeated(args: Sequence[str]) -> str | None:
    seen: set[str] = set()
    for value in args:
        word = value.lower().rstrip("*")
        if word in seen:
            return f"{word} already set"
        seen.add(word)
    return None


def tls_protocol(directive: ProftpdDirective, args: Sequence[str]) -> str | None:
    """mod_tls's ``TLSProtocol``: after a first ``ALL`` every word is a ``+``/``-`` signed protocol, otherwise
    every word is a bare one (measured); the protocol names are the measured words (arg1_words)."""
    names = {w.lower() for w in directive.arg1_words}
    after_all = args[0].lower() == "all"
    for at, word in enumerate(args):
        signed = word[:1] in ("+", "-")
        if after_all and at > 0 and not signed:
            return f"missing required +/- prefix: {word}"
        if word.lower() not in names or (signed and not after_all) or (at > 0 and word.lower() == "all"):
            return f"unknown protocol: '{word}'"
    return None


# The protocols mod_tls's `TLSCipherSuite protocol cipher-list` names, in any case (measured: 1.3.8 takes TLSv1.3
# only, 1.3.8c also TLSv1.0-TLSv1.2, not TLSv1 or SSLv3; the union is held to, so no version is refused what it takes).
TLS_CIPHER_PROTOCOLS = frozenset({"tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3"})


def tls_cipher_suite(directive: ProftpdDirective, args: Sequence[str]) -> str | None:
    """With two arguments the first is a protocol (``TLSCipherSuite HIGH:!aNULL x`` is refused for ``HIGH:!aNULL``);
    the cipher lists themselves are OpenSSL's to judge."""
    if len(args) == 2 and args[0].lower() not in TLS_CIPHER_PROTOCOLS:
        return f"unknown/unsupported protocol specifier: {args[0]}"
    return None


QUOTA_TYPES = frozenset({"user", "group", "class", "all"})  # any case (measured: `User` is taken)


def quota_default(directive: ProftpdDirective, args: Sequence[str]) -> str | None:
    """mod_quotatab's ``QuotaDefault type ...`` (nine arguments: beyond what the position probes try)."""
    return None if args[0].lower() in QUOTA_TYPES else f"unknown quota type '{args[0]}' configured"


# Rules beside the measured ones (which judge each word alone, on lines of up to four arguments).
WORD_ORDER: dict[str, Callable[[ProftpdDirective, Sequence[str]], str | None]] = {
    "tlsprotocol": tls_protocol,
    "tlsciphersuite": tls_cipher_suite,
    "quotadefault": quota_default,
}


def check(
    directive: ProftpdDirective,
    args: Sequence[str],
    *,
    from_environment: bool = False,
    loaded: frozenset[str] | None = None,
) -> str | None:
    """proftpd's complaint about these arguments, or None; the argument count was checked before.
    ``from_environment``: the first argument names a %{env:...} variable that is not set here, a fact of
    the host that the measured rules leave alone.  ``loaded``: the modules loaded (None: not known), for the
    words another module adds."""
    if loaded is not None and (missing := _word_without_module(directive, args, loaded)):
        return missing
    specific = CHECKS.get(directive.name.lower())
    if specific is not None:
        return specific(args) if args or directive.name in ("Allow", "Deny") else None
    if directive.name.lower() in ONCE_EACH and (repeated := _repeated(args)):
        return repeated
    if directive.arg1_refused or directive.arg_positions:  # measured on the binary: supersedes the documented kind
        if from_environment:
            return None
        order = WORD_ORDER.get(directive.name.lower())
        return measured(directive, args) or positional(directive, args) or (order(directive, args) if order else None)
    if directive.kind == "boolean" and args and parse_bool(args[0]) is None:
        return "expected Boolean parameter"
    return None


def _word_without_module(directive: ProftpdDirective, args: Sequence[str], loaded: frozenset[str]) -> str | None:
    """A word that only a module building on the directive's adds, that module not loaded (measured:
    ``SQLAuthTypes SHA256`` without mod_sql_passwd is "unknown SQLAuthType 'SHA256'")."""
    needs = {word.lower(): modules for word, modules in directive.arg_word_modules}
    for value in args:
        modules = needs.get(value.lower())
        if modules is not None and not set(modules) & loaded:
            return _message(directive, value) or f"'{value}' needs {' or '.join(modules)} loaded"
    return None


_INTEGER_CLASSES = frozenset({"zero", "one", "small", "large", "overflow", "negative"})


def measured(directive: ProftpdDirective, args: Sequence[str]) -> str | None:
    """The binary's refusal of the first argument (of every one, for an option list), from the measured classes
    (data/proftpd-argument-rules.tsv)."""
    if directive.arg_each:
        return next((problem for value in args if (problem := _measured_value(directive, value))), None)
    if not args or (len(args) > 1 and not directive.arg1_with_more):
        return None
    return _measured_value(directive, args[0])


def _measured_value(directive: ProftpdDirective, value: str) -> str | None:
    klass = value_class(value)
    bounded = directive.arg1_min is not None or directive.arg1_max is not None
    if klass in _INTEGER_CLASSES and bounded:
        number = int(value)
        low, high = directive.arg1_min, directive.arg1_max
        if (low is None or number >= low) and (high is None or number <= high):
            return None
        return _message(directive, value) or f"'{value}' is out of range ({low or ''}..{high or ''})"
    if klass is None or klass not in directive.arg1_refused:
        return None
    words = directive.arg1_words
    if value in words or (directive.arg1_words_any_case and value.lower() in {w.lower() for w in words}):
        return None
    # a word another one starts with is a measured abbreviation (`SFTPAuthMethods pass`): the full words are shown
    shown = sorted(w for w in words if not any(o != w and o.startswith(w) for o in words))
    expected = f" (expected {'|'.join(shown)})" if words else ""
    return _message(directive, value) or f"'{value}' is refused{expected}"


def positional(directive: ProftpdDirective, args: Sequence[str]) -> str | None:
    """The binary's refusal of an argument at its position, for a line of as many arguments as lines the
    binary was probed with (data/proftpd-argument-positions.tsv); an open list's 4th stands for the rest."""
    if any("%{" in a for a in args):  # %{env:...} and friends: their value is known only at run time
        return None
    rules = {(rule.nargs, rule.position): rule for rule in directive.arg_positions}
    count = len(args)
    if count > 4 and directive.arities is not None and 4 in directive.arities and max(directive.arities) >= 4:
        count = 4  # positions are probed on lines of up to four: an open list's 4th stands for the rest
    classes = [_shape(a) for a in args]
    for position, value in enumerate(args, start=1):
        rule = rules.get((count, min(position, count)))
        if rule is None or not _like_a_base(rule, classes, position):
            if problem := _hashed(rules, count, classes, position, value):
                return problem
            continue
        if problem := _position_value(rule, value):
            return problem
    return None


def _hashed(
    rules: dict[tuple[int, int], ArgPosition],
    count: int,
    classes: list[tuple[str | None, str]],
    position: int,
    value: str,
) -> str | None:
    """A word with a ``#`` glued on (``none# note``: proftpd has no comment after a value) is none of a handler's
    words, whatever follows it: judged where its position refuses that class and the arguments before it look
    like a measured line's, with the rules of other counts at that position when this count has none.  (Any
    other value waits for the whole line to look measured: ``RLimitCPU session 10`` reads its first word as a
    scope only because a second follows.)"""
    if classes[position - 1][0] != "hashed-word":
        return None
    found = [rule for (n, at), rule in rules.items() if at == min(position, count) and n == count]
    if not found:
        found = [rule for (_, at), rule in sorted(rules.items()) if at == position]
    earlier = list(enumerate(classes[: position - 1], start=1))
    for rule in found:
        shapes = [_base_shapes(base) for base in rule.bases]
        if "hashed-word" in rule.refused and any(all(s[min(i, len(s)) - 1] == c for i, c in earlier) for s in shapes):
            return _position_value(rule, value)
    return None


def _shape(value: str) -> tuple[str | None, str]:
    """The class of a value and its sign (``-SSLv3`` and ``TLSv1.3`` are both ``other``)."""
    return value_class(value), value[:1] if value[:1] in "+-" else ""


def _like_a_base(rule: ArgPosition, classes: list[tuple[str | None, str]], position: int) -> bool:
    """Whether the other arguments are of the classes of a line the rule was measured with: what one position
    takes can depend on the others (AuthGroupFile's 2nd argument, id or name, on the 3rd)."""
    for base in rule.bases:
        theirs = _base_shapes(base)
        others = [(i, c) for i, c in enumerate(classes, start=1) if i != position]
        if all(theirs[min(i, len(theirs)) - 1] == c for i, c in others):
            return True
    return False


@functools.cache
def _base_shapes(base: str) -> tuple[tuple[str | None, str], ...]:
    """The classes of a measured line's arguments (the same few hundred lines for every file linted)."""
    return tuple(_shape(a) for a in base.split())


def _position_value(rule: ArgPosition, value: str) -> str | None:
    klass = value_class(value)
    if klass is None or klass not in rule.refused or value.lower() in {w.lower() for w in rule.words}:
        return None
    if rule.message:
        message = rule.message.replace("''", f"'{value}'")
        return message + value if message.endswith(": ") else message
    return f"'{value}' is refused as argument {rule.position}"


def _message(directive: ProftpdDirective, value: str) -> str:
    """proftpd's own words for the refusal, as measured on an empty value ('' and () stand for it)."""
    return directive.arg1_message.replace("''", f"'{value}'").replace("()", f"({value})")
