"""The ``newsmon`` command line: an entry point on top of the steps, the store and the flows."""
