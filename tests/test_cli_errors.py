"""Every mistake a user can type ends in one clear line and a documented exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from newsmon.errors import ExitCode
from tests.conftest import write_config

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    return result.exit_code, output


def test_a_missing_seed_manifest_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, seeds_dir="no-such-folder")
    code, output = _invoke("run", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db")
    assert code == ExitCode.CONFIG_ERROR
    assert "seeds_dir:" in output and "has no manifest.yaml" in output
    assert not (tmp_path / "x.db").exists(), "work started before the config was checked"


def test_a_bad_cron_is_caught_when_the_config_loads(tmp_path: Path) -> None:
    config = write_config(tmp_path, schedule={"cron": "every five minutes"})
    code, output = _invoke("status", "--config", str(config))
    assert code == ExitCode.CONFIG_ERROR
    assert "schedule.cron" in output and "not a cron expression" in output


def test_an_unknown_timezone_is_a_config_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, schedule={"timezone": "Mars/Olympus"})
    code, output = _invoke("status", "--config", str(config))
    assert code == ExitCode.CONFIG_ERROR and "unknown time zone" in output


def test_a_day_in_the_wrong_format_is_a_usage_error(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    code, output = _invoke("digest", "--config", str(config), "--day", "23/11/2026")
    assert code == ExitCode.USAGE_ERROR and "--day" in output


@pytest.mark.parametrize("url", ["mysql://root@localhost/news", "not a url at all"])
def test_an_unsupported_database_url_is_a_config_error(url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path)
    code, output = _invoke("status", "--config", str(config), "--db", url)
    assert code == ExitCode.CONFIG_ERROR
    assert "newsmon: error:" in output and "newsmon: hint: use sqlite:///" in output


def test_a_store_that_cannot_be_opened_is_a_store_error(tmp_path: Path) -> None:
    code, output = _invoke("status", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == ExitCode.STORE_ERROR and "cannot open the store" in output


def test_read_commands_need_no_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("export", "items", "--db", f"sqlite:///{tmp_path}/empty.db")
    assert code == ExitCode.OK, output


def test_an_unreadable_extract_input_is_an_input_error(tmp_path: Path) -> None:
    code, output = _invoke("extract", str(tmp_path / "missing.html"))
    assert code == ExitCode.INPUT_ERROR and "cannot read" in output


def test_version_is_printed() -> None:
    code, output = _invoke("--version")
    assert code == ExitCode.OK and output.startswith("newsmon ")


def test_statements_reads_text_from_standard_input_and_prints_json_lines() -> None:
    import json

    text = (
        '"China supports every effort that helps the parties reach a ceasefire," Chinese '
        "Foreign Ministry spokeswoman Mao Ning told a regular press briefing in Beijing.\n"
    )
    result = runner.invoke(app, ["statements", "-"], input=text)
    assert result.exit_code == ExitCode.OK, result.output
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["speaker"] == "Mao Ning" and row["official"] is True
    assert {"text", "kind", "role", "organisation", "country", "cue", "start", "end"} <= set(row)
    assert "every effort" in row["text"] and row["cue"] == "told"


def test_statements_of_an_html_page_come_from_its_extracted_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><body><nav>Skip to main content</nav><article><p>"
        + "The talks resumed on Monday in Istanbul after a long pause in the fighting. " * 3
        + "</p><p>&ldquo;We want a ceasefire now,&rdquo; Ukrainian Foreign Minister Andrii "
        "Sybiha said.</p></article></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["statements", str(page)])
    assert result.exit_code == ExitCode.OK, result.output
    assert "Sybiha" in result.stdout and "Skip to main content" not in result.stdout
