"""Every error newsmon raises on purpose, in one tree.

    NewsmonError                 anything newsmon reports to the user
    ├── ConfigError              sources.yaml, a command-line value or the schedule is unusable
    │   └── SeedError            the seed manifest or a seed file is missing or malformed
    ├── InputError               a file or URL named on the command line cannot be used
    │   ├── SitemapError         a sitemap is not a sitemap
    │   └── PageCursorError      a web page's "next page" cursor is malformed
    ├── FetchError               one URL may not or could not be fetched
    │   ├── BlockedHostError     the destination is not public and not allowed
    │   ├── HostLookupError      the host name does not resolve
    │   ├── BodyTooLargeError    the response is over the size cap
    │   └── TooManyRedirectsError  the URL redirects more often than allowed
    ├── StoreError               the store cannot be opened, migrated or written
    ├── AlertDeliveryError       an alert channel refused a message
    └── SchedulerError           the Prefect API that runs the schedules is not there

Each class carries the exit code the command line uses for it, so the mapping
lives with the error and the CLI has one place that turns an error into an exit.
Errors raised by the libraries underneath (pydantic, SQLAlchemy, apprise, aiohttp)
are translated into these where they first appear. This module imports nothing
from the project, so any layer can raise these without an import cycle.
"""

from __future__ import annotations

from typing import ClassVar


class ExitCode:
    """What ``newsmon`` exits with; listed in the README."""

    OK = 0
    INTERNAL_ERROR = 1  # a bug: rerun with --debug for the traceback
    USAGE_ERROR = 2  # Click's own: an unknown option, a missing argument
    CONFIG_ERROR = 3
    STORE_ERROR = 4
    INPUT_ERROR = 5
    DELIVERY_ERROR = 6
    SCHEDULER_ERROR = 7


class NewsmonError(Exception):
    """Base of every error newsmon reports; ``hint`` says what to do about it."""

    exit_code: ClassVar[int] = ExitCode.INTERNAL_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ConfigError(NewsmonError):
    """The configuration or a value given on the command line is unusable; the
    message names the file and line, or the option."""

    exit_code = ExitCode.CONFIG_ERROR


class SeedError(ConfigError):
    """The seed manifest or a seed file is missing or malformed."""


class InputError(NewsmonError):
    """A file or URL given on the command line cannot be read or used."""

    exit_code = ExitCode.INPUT_ERROR


class SitemapError(InputError):
    """A sitemap (or sitemap index) cannot be parsed."""


class PageCursorError(InputError):
    """A cursor naming where a page of statements starts cannot be read."""


class FetchError(InputError):
    """One URL may not, or could not, be fetched."""


class BlockedHostError(FetchError):
    """The destination is private, loopback or not http(s), and not allowed."""


class HostLookupError(FetchError):
    """The host name does not resolve."""


class BodyTooLargeError(FetchError):
    """The response body is over the configured cap."""


class TooManyRedirectsError(FetchError):
    """The URL redirects more times than ``fetch.max_redirects`` allows."""


class StoreError(NewsmonError):
    """The store cannot be opened, migrated or written; the message says which and why."""

    exit_code = ExitCode.STORE_ERROR


class AlertDeliveryError(NewsmonError):
    """An alert channel did not accept a message."""

    exit_code = ExitCode.DELIVERY_ERROR


class SchedulerError(NewsmonError):
    """The Prefect API that ``newsmon serve`` runs the schedules on cannot be started or
    reached; the hint names its log or the setting to change."""

    exit_code = ExitCode.SCHEDULER_ERROR
