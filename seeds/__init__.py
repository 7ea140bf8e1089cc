"""The bundled seed corpus: text files and ``manifest.yaml``, shipped as package data."""
