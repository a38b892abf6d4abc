"""The catalogues of grammars/ as importable Python (tools/gen_catalog_modules.py)."""
