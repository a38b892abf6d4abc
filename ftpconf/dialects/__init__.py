"""One package per daemon: grammar (lossless tree), reader (tree -> model), writer (model -> text)."""
