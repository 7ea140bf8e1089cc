"""The README's two set-up commands, and what they run, from a clean clone."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, LoopbackSite

pytestmark = pytest.mark.slow  # starts the real CLI or servers in subprocesses

NEWSMON = Path(shutil.which("newsmon") or REPO / ".venv" / "bin" / "newsmon")


def _setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Set up section has no sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    assert _setup_commands() == ["make run", "make test"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_make_targets_run_what_the_readme_says() -> None:
    dry = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run", "test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "python3 -m venv .venv" in dry
    assert "pip install --quiet -e '.[dev]'" in dry
    assert ".venv/bin/newsmon run" in dry
    assert ".venv/bin/pytest" in dry


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout")
def test_a_clean_clone_runs_a_pass_with_the_embedded_defaults(
    site: LoopbackSite, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    feed = site.add(
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
        content_type="application/rss+xml",
    )
    env = dict(os.environ)
    env.pop("NEWSMON_DATABASE_URL", None)
    run = subprocess.run(
        [str(NEWSMON), "run", "--feed", feed, "--allow-host", "127.0.0.1"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "pass finished: 1 feeds" in run.stdout
    assert (clone / "newsmon.db").exists(), (
        "the default store is newsmon.db in the working directory"
    )
    export = subprocess.run(
        [str(NEWSMON), "export", "items"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    urls = [json.loads(line)["url"] for line in export.stdout.splitlines()]
    assert sorted(urls) == [f"seed:{p.stem}" for p in sorted((clone / "seeds").glob("*.txt"))]
