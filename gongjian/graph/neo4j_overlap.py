"""A dataset written to Neo4j while it is still being checked (``Neo4jStore.writing``).

The driver is synchronous, so one writer thread owns a session and its one write transaction:
it writes each part the ingest hands over (:func:`neo4j_write.write`, as ``apply`` does) while
the ingest checks the next table, and commits when given the whole. The server's work thus
overlaps the client's checks instead of following them.

Everything or nothing, as ``Neo4jStore.apply``: leaving the block without ``apply``, a cancel,
or a failure rolls the transaction back. A part that fails to write, or a commit that may be
retried, makes ``apply`` write the whole ChangeSet afresh through ``Neo4jStore.apply``, which
raises the same error (or retries) as it would have without the overlap.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from gongjian.graph.neo4j_write import retryable, write
from gongjian.graph.store import ChangeSet, Progress

if TYPE_CHECKING:
    from gongjian.graph.neo4j import Neo4jStore


#: what ``SHOW TRANSACTIONS`` shows of the transaction (``metaData``), for whoever looks at the server
METADATA = {"app": "gongjian", "write": "ingest"}


def _no_step(n: int) -> None:
    pass


class Overlapped:
    """A :class:`gongjian.graph.store.Writing` on Neo4j: parts written by a thread as they come."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="gongjian-write")
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None
        self._added = False
        self._failed = False  # a part could not be written: apply writes the whole afresh
        self._dropped = False  # cancelled or closed: what is queued is not written

    # ------------------------------------------------------- the caller's thread
    def add(self, part: ChangeSet) -> None:
        if self._failed or self._dropped:
            return
        if not self._added:
            self._added = True
            try:
                self._store.ensure_constraints()
            except Exception:  # apply then writes the whole and raises it there
                self._failed = True
                return
        self._thread.submit(self._write, part)

    def cancel(self) -> None:
        self._dropped = True
        self._thread.submit(self._end).result()

    def apply(self, changes: ChangeSet, progress: Progress | None = None) -> None:
        if self._added and not self._dropped:
            with self._store._translated("writing"):
                committed = self._thread.submit(self._commit).result()
            if committed:
                self._store.revision += 1
                if progress:
                    progress(changes.size())
                return
        self.cancel()
        self._store.apply(changes, progress)

    def close(self) -> None:
        """Roll back what is not committed, and end the thread."""
        self._dropped = True
        self._thread.submit(self._end)
        self._thread.shutdown(wait=True)

    # ------------------------------------------------------- the writer thread
    def _write(self, part: ChangeSet) -> None:
        if self._failed or self._dropped:
            return
        try:
            self._store._check(part)  # model labels and types only, before anything is sent
            if self._tx is None:
                self._session = self._store._session(write=True)
                self._tx = self._session.begin_transaction(metadata=METADATA)
            write(self._tx, part, _no_step)
        except Exception:  # any failure: nothing of this transaction is kept
            self._failed = True
            self._end()

    def _commit(self) -> bool:
        """Commit; False if there is nothing sound to commit or the commit may be retried."""
        if self._failed or self._tx is None:
            self._end()
            return False
        try:
            self._tx.commit()
            return True
        except (Neo4jError, DriverError) as e:
            if retryable(e):
                return False
            raise
        finally:
            self._end()

    def _end(self) -> None:
        """Close the transaction (rolled back unless committed) and the session."""
        tx, session = self._tx, self._session
        self._tx = self._session = None
        try:
            if tx is not None:
                tx.close()
        except (Neo4jError, DriverError):
            pass  # a transaction the server has already dropped keeps nothing either
        finally:
            if session is not None:
                session.close()
