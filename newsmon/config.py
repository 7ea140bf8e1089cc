"""Load and validate ``sources.yaml``.

Every error names the file, the line and what is wrong, so a user can fix the
file without reading a traceback.  Secrets never live in the file: a value may
reference ``${VAR}`` (required) or ``${VAR:-default}`` (optional) from the
environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cronsim import CronSim, CronSimError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsmon.errors import ConfigError
from newsmon.redact import redact_url
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import TopicRule

DEFAULT_CONFIG_PATH = Path("sources.yaml")
DEFAULT_DATABASE_URL = "sqlite:///newsmon.db"
DATABASE_URL_ENV = "NEWSMON_DATABASE_URL"
NOTIFY_ENV = "NEWSMON_NOTIFY"
# The seed corpus shipped as package data (the top-level ``seeds`` package).
BUNDLED_SEEDS = Path(str(files("seeds")))

_ENV_REF = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Strict):
    user_agent: str = "newsmon/0.1 (+https://github.com/newsmon/newsmon; statement monitor)"
    connect_timeout_seconds: float = Field(10.0, gt=0)
    read_timeout_seconds: float = Field(30.0, gt=0)
    total_timeout_seconds: float = Field(60.0, gt=0)
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0)  # a feed or a sitemap
    # An article page: a larger one is not read. Low enough that a batch of pages and
    # their extraction stay well inside the memory budget of a pass (1 GiB).
    max_page_bytes: int = Field(2 * 1024 * 1024, gt=0)
    # At most this many new entries of one feed are processed per pass; the rest are
    # still new on the next pass, so a feed of 10,000 items drains 50 at a time.
    max_new_entries_per_feed: int = Field(50, ge=1)
    # Wall-clock budget of one pass: fetches still waiting when it is spent are not
    # made, and their entries wait for the next pass.
    pass_budget_seconds: float = Field(600.0, gt=0)
    max_redirects: int = Field(5, ge=0)
    per_host_concurrency: int = Field(2, ge=1)
    concurrency: int = Field(16, ge=1)
    politeness_delay_seconds: float = Field(0.5, ge=0)
    allow_hosts: tuple[str, ...] = ()
    # A page that failed (error, too short) is tried again on later passes, this many
    # times in all, waiting page_retry_backoff_seconds and twice as long after each try.
    page_attempts: int = Field(4, ge=1)
    page_retry_backoff_seconds: float = Field(900.0, ge=0)


class Schedule(_Strict):
    cron: str = "*/30 * * * *"
    timezone: str = "UTC"
    digest_cron: str = "0 7 * * *"

    @field_validator("cron", "digest_cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        try:
            CronSim(value, datetime.now(UTC))
        except CronSimError as exc:
            raise ValueError(
                f"not a cron expression ({exc}): {value!r}; write five fields, "
                'e.g. "*/30 * * * *" for every half hour'
            ) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as UTC or Europe/Berlin"
            ) from None
        return value


class AlertSettings(_Strict):
    max_attempts: int = Field(8, ge=1)  # then the alert is dead-lettered
    retry_backoff_seconds: float = Field(60.0, ge=0)  # doubles after each failure
    max_backoff_seconds: float = Field(3600.0, ge=0)
    max_message_chars: int = Field(3000, ge=200)  # longer quotes are cut, with a link
    feed_failure_threshold: int = Field(3, ge=1)  # failures in a row before one alert


class AnalysisSettings(_Strict):
    """Bounds on what one page may cost, so no page can hold up a pass."""

    # Wall-clock seconds one page may spend in analysis (extraction, cleaning, topics,
    # statements, signature). A page over it is stored with what was done and a note;
    # its worker process is stopped and replaced. A news article takes about 0.03 s;
    # a 100,000-word page about 3 s once every step is linear.
    page_budget_seconds: float = Field(5.0, gt=0)
    # Statements are looked for in at most this many characters of each article
    # (about 30,000 words); the item records the truncation.
    max_statement_chars: int = Field(200_000, ge=1_000)


class Feed(_Strict):
    url: str
    name: str | None = None
    language: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(
                f"feed url must start with http:// or https:// and name a host: {value!r}"
            )
        return value

    @property
    def display_name(self) -> str:
        return self.name or self.url


# How a route groups its alerts into messages (see Route.group).
GroupMode = Literal["statement", "story", "pass"]


class Route(_Strict):
    """Which statements go to which apprise targets."""

    name: str
    targets: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # empty: any on-topic statement
    speakers: tuple[str, ...] = ()  # empty: any speaker
    countries: tuple[str, ...] = ()  # empty: any country
    official_only: bool = True
    # What one message holds: one statement; a speaker's new statements in one story
    # (an article and its copies); or everything the route gets in one pass.
    group: GroupMode = "story"


class KnownSpeaker(_Strict):
    """Someone the monitor should always recognise, whatever an article leaves out."""

    name: str
    aliases: tuple[str, ...] = ()  # other spellings and transliterations
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    official: bool | None = None


class Config(_Strict):
    path: Path = DEFAULT_CONFIG_PATH
    database_url: str | None = None
    # The seed corpus: the one bundled with newsmon unless set; relative to this file.
    seeds_dir: Path | None = None
    fetch: FetchSettings = FetchSettings()
    schedule: Schedule = Schedule()
    alerts: AlertSettings = AlertSettings()
    analysis: AnalysisSettings = AnalysisSettings()
    feeds: tuple[Feed, ...] = ()
    topics: dict[str, TopicRule] = Field(default_factory=dict)
    speakers: SpeakerVocabulary = SpeakerVocabulary()
    known_speakers: tuple[KnownSpeaker, ...] = ()
    routes: tuple[Route, ...] = ()

    @property
    def resolved_seeds_dir(self) -> Path:
        if self.seeds_dir is None:
            return BUNDLED_SEEDS
        return self.seeds_dir if self.seeds_dir.is_absolute() else self.path.parent / self.seeds_dir

    def resolved_database_url(self, override: str | None = None) -> str:
        """--db beats NEWSMON_DATABASE_URL beats the file beats the default."""
        return (
            override
            or os.environ.get(DATABASE_URL_ENV)
            or self.database_url
            or DEFAULT_DATABASE_URL
        )


def load_config(path: str | Path = DEFAULT_CONFIG_PATH) -> Config:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return parse_config(source, path)


def parse_config(source: str, path: Path = DEFAULT_CONFIG_PATH) -> Config:
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        # An unclosed bracket or quote is noticed only at the end of the file; point at
        # where it was opened instead.
        if exc.context_mark and (mark is None or mark.index >= len(source.rstrip())):
            mark = exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: YAML syntax error: {exc.problem or exc}") from None
    except yaml.reader.ReaderError as exc:  # a control character: not a MarkedYAMLError
        line_number = source.count("\n", 0, exc.position) + 1
        raise ConfigError(
            f"{path}:{line_number}: YAML syntax error: character {exc.character!r} is not allowed"
        ) from None
    except RecursionError:
        raise ConfigError(f"{path}: YAML syntax error: nested too deeply") from None
    if root is None:
        return Config(path=path)
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{path}:{root.start_mark.line + 1}: top level must be a mapping")
    try:
        data = _Builder(path).build(root)
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply") from None
    try:
        config = Config.model_validate({**data, "path": path})
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, root, path)) from None
    _check_references(config, root, path)
    seeds = config.resolved_seeds_dir
    if not (seeds / "manifest.yaml").is_file():
        raise ConfigError(
            f"{path}:{_line_of(root, ('seeds_dir',))}: seeds_dir: {seeds} has no manifest.yaml",
            hint="point seeds_dir at a folder with a manifest.yaml, or remove it to use the "
            "bundled seeds",
        )
    return config


def _check_references(config: Config, root: yaml.Node, path: Path) -> None:
    """What a route names must exist: a typo would otherwise silence every alert."""
    for r, route in enumerate(config.routes):
        for t, topic in enumerate(route.topics):
            if topic not in config.topics:
                known = ", ".join(config.topics) or "none defined"
                raise ConfigError(
                    f"{path}:{_line_of(root, ('routes', r, 'topics', t))}: routes.{r}.topics: "
                    f"unknown topic {topic!r} (topics: {known})"
                )
        for t, target in enumerate(route.targets):
            if target.strip() and not _apprise_understands(target):
                raise ConfigError(
                    f"{path}:{_line_of(root, ('routes', r, 'targets', t))}: routes.{r}.targets: "
                    f"apprise does not understand {redact_url(target)!r}",
                    hint="see https://github.com/caronc/apprise/wiki for the URL of each service",
                )


def _apprise_understands(target: str) -> bool:
    import apprise  # loaded only for a config that has targets: importing it takes a while

    return bool(apprise.Apprise().add(target))


# More values than any real sources.yaml has: aliases (*name) that expand into more are
# a "billion laughs" file, refused before it takes the process's time and memory.
MAX_CONFIG_VALUES = 50_000


class _Builder:
    """Builds plain Python values from YAML nodes, expanding ${VAR} references as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values = 0

    def build(self, node: yaml.Node) -> Any:
        self.values += 1
        if self.values > MAX_CONFIG_VALUES:
            raise ConfigError(
                f"{self.path}:{node.start_mark.line + 1}: more than {MAX_CONFIG_VALUES:,} "
                "values once aliases (*name) are expanded"
            )
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if isinstance(key, list | dict):
                    raise ConfigError(f"{self.path}:{line}: a key must be a single value")
                if key in result:
                    raise ConfigError(
                        f"{self.path}:{key_node.start_mark.line + 1}: duplicate key {key!r}"
                    )
                result[key] = self.build(value_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        value = self._scalar(node) if node.tag else node.value
        if isinstance(value, str):
            return _expand_env(value, self.path, line)
        return value

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            # The reader refuses a control character written as an escape ("\x01"), as it
            # would in the file. A safe constructor of its own, without the loader's
            # scanner and parser set up around it, costs a third as much: ~2 of a load's 18 ms.
            yaml.reader.Reader(node.value)
            return yaml.constructor.SafeConstructor().construct_object(node)
        # A tag the safe loader refuses, or a value its tag cannot hold ("!!binary xyz",
        # "!!timestamp nope"): PyYAML raises its own error or a bare ValueError/TypeError.
        except (yaml.YAMLError, ValueError, TypeError, AttributeError) as exc:
            problem = getattr(exc, "problem", None) or f"{type(exc).__name__}: {exc}"
            raise ConfigError(
                f"{self.path}:{node.start_mark.line + 1}: cannot read {node.value!r} "
                f"as {node.tag}: {problem}"
            ) from None


def _expand_env(value: str, path: Path, line: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name, default = match.group("name"), match.group("default")
        if name in os.environ:
            return os.environ[name]
        if default is not None:
            return default
        raise ConfigError(
            f"{path}:{line}: environment variable {name} is not set "
            f"(set it, or write ${{{name}:-}} to make it optional)"
        )

    return _ENV_REF.sub(replace, value)


def _describe_validation_error(exc: ValidationError, root: yaml.Node, path: Path) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        line = _line_of(root, loc)
        where = ".".join(str(part) for part in loc) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key (check its spelling and indentation)"
        lines.append(f"{path}:{line}: {where}: {message}")
    return "\n".join(lines)


def _line_of(root: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest key or item along ``loc`` that exists in the file."""
    node, line = root, root.start_mark.line
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return int(line) + 1


def _child(node: yaml.Node, part: Any) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return key_node.start_mark.line, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item.start_mark.line, item
    return None


def env_targets(values: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Extra apprise targets from NEWSMON_NOTIFY (space separated), for containers."""
    env = values if values is not None else os.environ
    return tuple(env.get(NOTIFY_ENV, "").split())
