"""Great Expectations as this project imports it: every module here takes `gx` from this one.

GX imports scipy.stats and altair at its start, for one expectation this project never uses (a
KL divergence) and for the charts of data docs, which it never builds: 1.5 s of CPU in every
run that checks a file. They wait for their first use instead (core.deferred). GX also
fingerprints each frame it is given (an MD5 of pandas' hash of every row) for a batch marker
nothing here reads: a fifth of each validation's time. Frames of any size are left unhashed,
as GX itself leaves those above its threshold.
"""

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

pandas_execution_engine.HASH_THRESHOLD = 0


def gx_context() -> Any:
    """An in-memory context: no data docs site, no progress bars, no usage statistics sent."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("submissions")
    return context
