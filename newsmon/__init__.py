"""newsmon: a monitor of official statements in the news."""

__version__ = "0.1.0"
