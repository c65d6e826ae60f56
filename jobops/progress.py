"""Progress of a long run, reported to whoever listens (the CLI's progress bars).

The pipeline calls :func:`report`; the CLI installs a listener with :func:`listen`. Without a
listener, reports are dropped. Listeners must be thread-safe: tasks report from worker threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[str, int, int], None]  # (stage, done, total)

_listeners: list[Listener] = []


def report(stage: str, done: int, total: int) -> None:
    for listener in list(_listeners):
        listener(stage, done, total)


@contextmanager
def listen(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
