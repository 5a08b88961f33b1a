"""Great Expectations as this project imports it: every module here takes `gx` from this one.

GX imports scipy.stats and altair at its start, for one expectation this project never uses (a
KL divergence) and for the charts of data docs, which it never builds: 1.5 s of CPU in every
run that checks a file. They wait for their first use instead (core.deferred). GX also
fingerprints each frame it is given (an MD5 of pandas' hash of every row) for a batch marker
nothing here reads: a fifth of each validation's time. Frames of any size are left unhashed,
as GX itself leaves those above its threshold.

GX also builds an expectation's configuration afresh (a copy of all its fields, through pydantic)
each time it reads one of the expectation's arguments: about seventy times per rule per
validation, two fifths of the validation's time. While a suite is validated
(`configurations_remembered`) each rule's configuration is built once; nothing changes a rule
while it is checked.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from core.deferred import defer_imports

defer_imports("scipy.stats", "altair")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.execution_engine import pandas_execution_engine  # noqa: E402
from great_expectations.expectations.expectation import Expectation  # noqa: E402

pandas_execution_engine.HASH_THRESHOLD = 0

# id of a rule -> the rule (kept, so that its id is not another's) and its configuration
_REMEMBERED: ContextVar[dict[int, tuple[Any, Any]] | None] = ContextVar(
    "gx_configurations", default=None
)
_built_configuration = Expectation.configuration.fget


def _configuration(expectation: Any) -> Any:
    remembered = _REMEMBERED.get()
    if remembered is None:
        return _built_configuration(expectation)
    kept = remembered.get(id(expectation))
    if kept is None or kept[0] is not expectation:
        kept = remembered[id(expectation)] = (expectation, _built_configuration(expectation))
    return kept[1]


Expectation.configuration = property(_configuration)  # type: ignore[method-assign,assignment]


@contextmanager
def configurations_remembered() -> Iterator[None]:
    """Each rule's configuration built once inside the block, in this thread."""
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


@functools.cache
def gx_context() -> Any:
    """The process's in-memory context: no data docs site, no progress bars, no usage statistics
    sent. One serves every validation (each batch brings its own frame); making one costs about
    50 ms, as it saves its configuration five times over."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("submissions")
    return context
