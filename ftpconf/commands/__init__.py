"""One module per ``ftpconf`` sub-command; ``ftpconf.cli`` registers them.  Each stays import-light."""
