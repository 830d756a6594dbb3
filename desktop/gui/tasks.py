"""Run plain functions off the GUI thread and deliver ``(result, error)`` back on it.

Workers receive snapshots (plain values) and return values; they never touch a widget. The
runner owns two pools: a general one for reads, proofing and rendering, and a one-thread pool
that serialises register writes and mail so two of them never race. Cancellation is a
:class:`threading.Event` handed to the function when it asks for one (``cancel=`` keyword).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)

Callback = Callable[[Any, BaseException | None], None]


class _Relay(QObject):
    """Carry a worker's outcome to the GUI thread (queued signal; lives on the GUI thread)."""

    finished = Signal(object, object)
    progressed = Signal(int, int)

    def __init__(
        self,
        deliver: Callable[[Any, BaseException | None], None],
        progress: Callable[[int, int], None] | None,
        parent: QObject,
    ) -> None:
        super().__init__(parent)  # deleted with the runner: no delivery to a closed window
        self._deliver = deliver
        self._progress = progress
        self.finished.connect(self._on_self_finished)
        self.progressed.connect(self._on_self_progressed)

    @Slot(int, int)
    def _on_self_progressed(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(done, total)

    @Slot(object, object)
    def _on_self_finished(self, result: Any, error: BaseException | None) -> None:
        self._deliver(result, error)


class _Job(QRunnable):
    """One function call in a pool; reports through its relay."""

    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        """Call the function; send ``(result, None)`` or ``(None, error)``."""
        try:
            result = self._fn()
        except BaseException as exc:
            logger.debug("background task failed", exc_info=True)
            self._relay.finished.emit(None, exc)
            return
        self._relay.finished.emit(result, None)


class TaskHandle:
    """A running task: cancel it, or ask whether it is still running."""

    def __init__(self, cancel: threading.Event) -> None:
        self.cancel_event = cancel
        self.done = False

    def cancel(self) -> None:
        """Ask the function to stop at its next check of the cancel event."""
        self.cancel_event.set()


class TaskRunner(QObject):
    """Run functions in background pools and call back on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callback | None = None,
        *,
        serial: bool = False,
        progress: Callable[[int, int], None] | None = None,
        with_cancel: bool = False,
        **kwargs: Any,
    ) -> TaskHandle:
        """Run ``fn(**kwargs)`` in a pool; call ``on_done(result, error)`` on the GUI thread.

        Args:
            fn: a plain function; it gets snapshots, never widgets.
            on_done: called on the GUI thread with the result or the exception.
            serial: use the one-thread pool (register writes, mail).
            progress: if given, ``fn`` gets ``progress=`` and calls it from its thread; the
                callback runs on the GUI thread.
            with_cancel: if true, ``fn`` gets ``cancel=`` (a threading.Event).
            **kwargs: passed to ``fn``.
        """
        cancel = threading.Event()
        handle = TaskHandle(cancel)

        def finished(result: Any, error: BaseException | None) -> None:
            handle.done = True
            self._relays.discard(relay)
            relay.deleteLater()
            if on_done is not None:
                on_done(result, error)

        relay = _Relay(finished, progress, self)
        self._relays.add(relay)
        if with_cancel:
            kwargs["cancel"] = cancel
        if progress is not None:
            kwargs["progress"] = lambda done, total: relay.progressed.emit(int(done), int(total))

        job = _Job(lambda: fn(**kwargs), relay)
        (self._serial if serial else self._pool).start(job)
        return handle

    def pending(self) -> int:
        """Return how many tasks have not delivered their result yet."""
        return len(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until both pools are idle (used at shutdown and in tests)."""
        ok = self._pool.waitForDone(msecs)
        return self._serial.waitForDone(msecs) and ok
