"""The catalogues of grammars/ as importable Python (tools/gen_catalog_modules.py)."""

# daemon -> the versions it has a catalogue of, the default first (module: <daemon>[_<version>]).
VERSIONS: dict[str, tuple[str, ...]] = {
    'vsftpd': ('3.0.3', '3.0.5'),
    'proftpd': ('1.3.8', '1.3.8c'),
    'pureftpd': ('1.0.50',),
}
