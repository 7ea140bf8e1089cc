"""The boundary functions every finding leans on, case by case."""

from __future__ import annotations

import ipaddress

import pytest

from newsmon.hosts import HostPolicy, is_public
from newsmon.redact import redact_text, target_name
from newsmon.sanitize import clean_text, safe_link


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)//x",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "http://user:pw@example.org/",
        "http://",
        "https://example.org/\x00x",
        "https://example.org:99999/",
        "https://example.org/" + "a" * 2000,
        "mailto:a@example.org",
    ],
)
def test_safe_link_refuses(url: str) -> None:
    assert safe_link(url, "https://base.example/feed") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/news/1", "https://base.example/news/1"),
        ("HTTPS://Example.org/a", "https://Example.org/a"),
        (
            "https://example.org/a)b](javascript:x)",
            "https://example.org/a%29b%5D%28javascript:x%29",
        ),
        ('https://example.org/"><script>', "https://example.org/%22%3E%3Cscript%3E"),
        ("http://[::1]:8080/a b", "http://[::1]:8080/a%20b"),
    ],
)
def test_safe_link_keeps_and_encodes(url: str, expected: str) -> None:
    assert safe_link(url, "https://base.example/feed") == expected


def test_clean_text_removes_what_databases_and_xml_refuse() -> None:
    assert (
        clean_text("a\x00b\x01c\x1b[31md\x7f\x85e\ud800f\ufffeg\th\ni") == "abc[31mdef" + "g\th\ni"
    )


def test_clean_text_makes_every_line_end_a_newline() -> None:
    # Found by the feed fuzz test: a JSON feed's guid "a\rb" reached the store as it was.
    assert clean_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("64:ff9b::5db8:d822", True),
        ("127.0.0.2", False),
        ("10.0.0.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("::127.0.0.2", False),
        ("::ffff:127.0.0.2", False),
        ("64:ff9b::7f00:2", False),
        ("2002:7f00:2::", False),
        ("2002:a00:1::", False),
        ("fd00::1", False),
        ("fe80::1", False),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_host_entries_with_and_without_port() -> None:
    policy = HostPolicy(["intranet.example", "127.0.0.1:8080", "[::1]:9000"])
    assert policy.allows("intranet.example", 1234)
    assert policy.allows("127.0.0.1", 8080) and not policy.allows("127.0.0.1", 8081)
    assert policy.allows("::1", 9000) and not policy.allows("::1", 9001)


def test_secrets_are_redacted_in_text_and_target_names() -> None:
    text = redact_text("failed: slack://TokA/TokB/TokC: 500; postgresql://u:pw@db/x.")
    assert "Tok" not in text and "pw" not in text and "postgresql://u:…@db/x." in text
    name = target_name("json://u:secret@hooks.example/path?token=t0k")
    assert "secret" not in name and "t0k" not in name and target_name(name) == name
