"""``python -m ftpconf``: the same command line as the ``ftpconf`` script."""

from ftpconf.cli import main

main(prog_name="ftpconf")
