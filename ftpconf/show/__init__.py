"""``ftpconf show``: a server's effective settings with their provenance, and a picture of its data connections.

The model is read once into neutral facts (:mod:`settings` rows, :mod:`picture` channels); the
renderers (:mod:`diagram` plain text, :mod:`svg`, :mod:`html`, :mod:`report` for text and JSON)
only lay those facts out, so every format says the same thing.
"""
