"""Upkeep a bulk write does once per batch instead of once per row.

Some writes keep derived data up to date as they go: a cost line re-sums its summary slice, a
public record starts a new cache generation. One at a time that costs milliseconds; an import of
thousands of rows into one slice would re-sum that slice once per row, ever larger. Such upkeep is
a :class:`Deferred`: outside a batch it runs at once, as before; inside ``with batch():`` the keys
and items it is called with are gathered and it runs once per key when the batch ends — inside the
caller's transaction, and only if the batch succeeded (on an error the transaction rolls back
what the upkeep would have been for).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar

_REGISTERED: list[Deferred] = []


class Deferred:
    """``run(key, items)`` now, or once per key at the end of the current :func:`batch`."""

    def __init__(self, run: Callable[[Hashable, set], None]):
        self._run = run
        self._pending: ContextVar[dict | None] = ContextVar(f"deferred {run.__module__}.{run.__qualname__}", default=None)
        _REGISTERED.append(self)

    def __call__(self, key: Hashable, items: Iterable = ()) -> None:
        pending = self._pending.get()
        if pending is None:
            self._run(key, set(items))
        else:
            pending.setdefault(key, set()).update(items)

    @contextmanager
    def _gathered(self):
        if self._pending.get() is not None:  # an inner batch belongs to the outer one
            yield
            return
        pending: dict = {}
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        for key, items in pending.items():
            self._run(key, items)


@contextmanager
def batch():
    """Gather every :class:`Deferred` upkeep until the block ends, then run each once per key."""
    with ExitStack() as stack:
        for deferred in _REGISTERED:
            stack.enter_context(deferred._gathered())
        yield
