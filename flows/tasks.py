"""The batch steps of ``flows.steps`` as Prefect tasks, for runs Prefect tracks.

No caching: every pass must look at the feeds and the store afresh. ``analysis_pool``
starts worker processes rather than doing work, so it stays a plain function.
"""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NONE

from flows import steps

analysis_pool = steps.analysis_pool
load_seeds = task(cache_policy=NONE)(steps.load_seeds)
fetch_feeds = task(cache_policy=NONE, retries=1, retry_delay_seconds=5)(steps.fetch_feeds)
select_new_entries = task(cache_policy=NONE)(steps.select_new_entries)
fetch_pages = task(cache_policy=NONE)(steps.fetch_pages)
analyse_fetched = task(cache_policy=NONE)(steps.analyse_fetched)
store_articles = task(cache_policy=NONE)(steps.store_articles)
send_alerts = task(cache_policy=NONE)(steps.send_alerts)
reclassify_stored = task(cache_policy=NONE)(steps.reclassify_stored)
report_failing_feeds = task(cache_policy=NONE)(steps.report_failing_feeds)
retry_failed_pages = task(cache_policy=NONE)(steps.retry_failed_pages)
