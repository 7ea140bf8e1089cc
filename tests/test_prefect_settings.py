"""The settings newsmon gives the Prefect server it starts are ones Prefect reads.

A misspelt name in ``flows.server.PREFECT_DEFAULTS`` would be ignored without a word,
and the server would run with Prefect's default instead.
"""

from __future__ import annotations

import pytest

from flows.server import PREFECT_DEFAULTS


def test_the_server_settings_serve_sets_reach_prefects_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.settings import Settings

    for name, value in PREFECT_DEFAULTS.items():
        monkeypatch.setenv(name, value)
    server = Settings().server
    assert server.services.task_run_recorder.batch_size == 50
    assert server.services.task_run_recorder.flush_interval == 2
    assert server.services.triggers.enabled is False
    assert server.services.scheduler.loop_seconds == 10
    assert server.ui.enabled is False and server.analytics_enabled is False
    assert server.logging_level == "WARNING"
