from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.config import ConfigError, load_config, parse_config
from tests.conftest import REPO


def test_the_shipped_sources_yaml_loads_with_feeds_topics_and_routes() -> None:
    config = load_config(REPO / "sources.yaml")
    assert len(config.feeds) >= 8
    assert set(config.topics) >= {
        "peace-talks",
        "ceasefire",
        "prisoner-exchange",
        "peacekeeping",
        "sanctions",
        "military-support",
        "china-russia-relations",
        "mediation",
    }
    assert config.routes and config.routes[0].official_only


def test_optional_secret_left_unset_becomes_an_empty_target(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEWSMON_SLACK_URL", raising=False)
    monkeypatch.setenv("NEWSMON_EMAIL_URL", "mailto://user:pw@example.org")
    config = load_config(REPO / "sources.yaml")
    assert config.routes[0].targets == ("", "mailto://user:pw@example.org")


def _error(source: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(source, Path("sources.yaml"))
    return str(caught.value)


def test_yaml_syntax_error_names_file_and_line() -> None:
    message = _error("feeds:\n  - url: https://a.example/feed\n    name: [unclosed\n")
    assert message.startswith("sources.yaml:")
    assert "syntax" in message


def test_unknown_key_names_its_line() -> None:
    message = _error("fetch:\n  user_agent: x\n  timeout: 3\n")
    assert message == (
        "sources.yaml:3: fetch.timeout: unknown key (check its spelling and indentation)"
    )


def test_bad_feed_url_names_the_feed_line() -> None:
    message = _error("feeds:\n  - url: https://ok.example/rss\n  - url: ftp://bad.example/rss\n")
    assert message.startswith("sources.yaml:3: feeds.1.url:")
    assert "http://" in message


def test_missing_required_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSMON_TEST_SECRET", raising=False)
    message = _error("routes:\n  - name: r\n    targets: ['${NEWSMON_TEST_SECRET}']\n")
    assert message.startswith("sources.yaml:3: environment variable NEWSMON_TEST_SECRET")


def test_environment_variable_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_SECRET", "json://hooks.example/abc")
    config = parse_config("routes:\n  - name: r\n    targets: ['${NEWSMON_TEST_SECRET}']\n")
    assert config.routes[0].targets == ("json://hooks.example/abc",)


def test_duplicate_key_is_an_error() -> None:
    assert _error("fetch: {}\nfetch: {}\n").startswith("sources.yaml:2: duplicate key")


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config("database_url: sqlite:///from-file.db\n")
    monkeypatch.delenv("NEWSMON_DATABASE_URL", raising=False)
    assert config.resolved_database_url() == "sqlite:///from-file.db"
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "sqlite:///from-env.db")
    assert config.resolved_database_url() == "sqlite:///from-env.db"
    assert config.resolved_database_url("sqlite:///from-flag.db") == "sqlite:///from-flag.db"


def test_a_route_topic_that_is_not_in_the_taxonomy_is_an_error_with_its_line() -> None:
    source = (
        "topics:\n  peace-talks:\n    any: [talks]\n"
        "routes:\n  - name: r\n    topics:\n      - peace-talk\n"
    )
    with pytest.raises(ConfigError) as caught:
        parse_config(source, Path("s.yaml"))
    assert "s.yaml:7: routes.0.topics: unknown topic 'peace-talk'" in str(caught.value)


def test_an_apprise_target_apprise_cannot_parse_is_an_error_with_its_line() -> None:
    source = "routes:\n  - name: r\n    targets:\n      - json://127.0.0.1:9/hook\n      - notaservice://foo\n"
    with pytest.raises(ConfigError) as caught:
        parse_config(source, Path("s.yaml"))
    assert "s.yaml:5: routes.0.targets: apprise does not understand 'notaservice://…'" in str(
        caught.value
    )


def test_a_control_character_written_as_an_escape_is_an_error_with_its_line() -> None:
    """The file's reader refuses control characters; one spelled as an escape in a quoted
    value is refused too, where that value is read."""
    message = _error('fetch:\n  user_agent: "bot\\x01"\n')
    assert message.startswith("sources.yaml:2: cannot read 'bot\\x01' as tag:yaml.org,2002:str:")
    assert "special characters are not allowed" in message
