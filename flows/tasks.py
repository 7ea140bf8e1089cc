"""The batch steps of ``flows.steps`` as Prefect tasks, for runs Prefect tracks.

No caching: every pass must look at the feeds and the store afresh. No persisted
results, for the tasks nor the flows: a command gets its flow's summary as the return
value, the UI shows it as the run's artifact, and nothing reads a result back from
storage. Saying so also spares a flow run a request for the server's default result
storage. ``analysis_pool`` starts worker processes rather than doing work, so it stays a
plain function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from prefect import task
from prefect.cache_policies import NONE
from prefect.context import SettingsContext, get_settings_context
from prefect.utilities.annotations import quote

from flows import steps


def _batch_task(step: Callable[..., Any], **options: Any) -> Callable[..., Any]:
    """STEP as a task whose arguments Prefect hands over without walking them.

    Prefect visits every object inside a task's arguments, twice, looking for futures
    to wait on: for a batch of pages or analysed articles that is tens of thousands of
    objects per call, seconds per pass on a loaded machine. The steps take no futures
    (the pass calls them one after another), so every argument is quoted.
    """
    run = task(cache_policy=NONE, persist_result=False, **options)(step)

    @wraps(step)
    def call(*args: Any, **kwargs: Any) -> Any:
        return run(*map(quote, args), **{name: quote(v) for name, v in kwargs.items()})

    return call


analysis_pool = steps.analysis_pool
load_seeds = _batch_task(steps.load_seeds)
fetch_feeds = _batch_task(steps.fetch_feeds, retries=1, retry_delay_seconds=5)
select_new_entries = _batch_task(steps.select_new_entries)
# A batch of pages is one task; the chunk steps inside it run as they are. A task per
# chunk step (27 for 200 pages) cost the Prefect server about 30 ms of CPU each, on the
# cores the analysis needs.
pages_batch = _batch_task(steps.pages_batch)
fetch_pages = steps.fetch_pages
analyse_fetched = steps.analyse_fetched
store_articles = steps.store_articles
send_alerts = _batch_task(steps.send_alerts)
reclassify_stored = _batch_task(steps.reclassify_stored)
report_failing_feeds = _batch_task(steps.report_failing_feeds)
retry_failed_pages = _batch_task(steps.retry_failed_pages)


@contextmanager
def command_run() -> Iterator[None]:
    """Settings for a flow run that a command starts in its own process and waits for.

    No heartbeats: they tell the server a run whose machine went away from one still
    going, and a command's user sees that for themselves. Their thread sleeps in whole
    seconds, and the run waits for it to wake before it returns: up to 1 s per pass
    (prefect/flow_engine.py, ``_send_heartbeats``). Deployments served by ``serve``
    keep them.

    The settings are the current ones with that one value changed (``model_copy``, no
    validation to redo): ``temporary_settings`` rebuilds every setting from the
    environment and the profile, about 30 ms of CPU inside the command's run.
    """
    context = get_settings_context()
    current = context.settings
    flows = current.flows.model_copy(update={"heartbeat_frequency": None})
    with SettingsContext(
        profile=context.profile, settings=current.model_copy(update={"flows": flows})
    ):
        yield
