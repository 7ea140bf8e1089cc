"""Imported by the analysis pool's forkserver before it forks any worker.

It loads what every worker needs whatever the configuration (trafilatura, the language
model, the statement tagger, numpy and datasketch), so each worker inherits them
instead of loading them itself; a worker then warms up only its own topic rules and
vocabulary. Nothing else imports this module: importing it costs about a second.
"""

from __future__ import annotations

from contextlib import suppress

from newsmon.analyse import DEFAULT_ANALYSIS
from newsmon.analysis_worker import warm_up
from newsmon.heap import freeze_heap
from newsmon.statements import SpeakerVocabulary
from newsmon.topics import Taxonomy

# A failure here must not stop the forkserver (it only skips a failed import): each worker
# warms up again with its own configuration and reports what goes wrong there.
with suppress(Exception):
    warm_up(Taxonomy({}), SpeakerVocabulary(), DEFAULT_ANALYSIS)
# Every worker forks from here: none of them should scan the models and libraries again.
freeze_heap(collect_first=True)
