"""Process settings of gongjian's programs (the ``gongjian`` command, a server's workers, the
bench), which the library itself never changes."""

from __future__ import annotations

import gc

#: The cyclic garbage collector's thresholds (CPython's default: 700, 10, 10).
GC_THRESHOLDS = (100_000, 50, 100)


def tune_gc() -> None:
    """Run the cyclic garbage collector less often than CPython's default.

    gongjian builds graphs, ledgers and change sets of millions of small dicts and tuples and
    makes no reference cycles on those paths; with the default thresholds a Kunming ingest or
    the opening of its store runs thousands of collections, each full one walking everything
    alive, and takes twice as long. Garbage is still collected, in fewer and larger passes.
    """
    gc.set_threshold(*GC_THRESHOLDS)
