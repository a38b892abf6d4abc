"""``ftpconf probe``: ask a running FTP server what it does, and compare that with its configuration.

client.py talks to the server (standard library only, a timeout on every step) and returns an
:class:`~ftpconf.probe.observation.Observation`; compare.py holds the FTP7xx rules that judge an
observation against the model; render.py prints an observation for people.
"""
