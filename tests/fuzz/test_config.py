"""Config files: a ConfigError that names the file, or a usable config; nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings

from newsmon.config import ConfigError, parse_config
from tests.fuzz.bounds import cpu_bound, depths, run
from tests.fuzz.strategies import config_sources

PATH = Path("fuzz/sources.yaml")


@pytest.mark.parametrize("depth", depths(quick=80, deep=3000))
def test_config_loading_raises_only_config_errors(depth: settings) -> None:
    @given(config_sources())
    def check(source: str) -> None:
        try:
            with cpu_bound(len(source), 100e-6, "parse_config"):
                config = parse_config(source, PATH)
        except ConfigError as exc:
            assert str(exc).startswith(f"{PATH}"), str(exc)
            return
        assert config.path == PATH
        assert config.analysis.page_budget_seconds > 0

    run(depth, check)


def test_alias_expansion_is_bounded() -> None:
    """A 'billion laughs' file must fail fast, not expand aliases for ever."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    started = time.thread_time()
    with pytest.raises(ConfigError) as caught:
        parse_config("\n".join(lines) + "\n", PATH)
    assert time.thread_time() - started < 2.0
    assert "aliases" in str(caught.value)
