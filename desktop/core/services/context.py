"""The application context: paths, settings and the engines, built once and passed down.

There are no module-level singletons: ``desktop/app.py`` (window) and ``desktop/cli`` (commands)
each build one :class:`AppContext` and hand it to the services. Engines that are costly to build
(template catalog, proofer, register connection) are created on first use.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from desktop.core.paths import AppPaths
from desktop.core.settings import Settings, load_settings

if TYPE_CHECKING:
    from desktop.core.templates.catalog import Catalog


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class AppContext:
    """Everything a service needs; build with :meth:`create`."""

    paths: AppPaths
    settings: Settings
    clock: Callable[[], dt.datetime] = _utc_now
    database_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def create(
        cls,
        data_dir: str | None = None,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        database_url: str | None = None,
    ) -> AppContext:
        """Build the context from ``--data-dir`` / ``MISSIVA_DATA_DIR`` and the settings there."""
        paths = AppPaths.from_env(data_dir).ensure()
        settings = load_settings(paths)
        return cls(
            paths=paths,
            settings=settings,
            clock=clock or _utc_now,
            database_url=database_url or paths.database_url(),
        )

    def today(self) -> dt.date:
        """Return today's date by the injected clock (local date of the clock's time)."""
        return self.clock().astimezone().date()

    @cached_property
    def catalog(self) -> Catalog:
        """Return the template catalog (shipped + user templates), loaded on first use."""
        from desktop.core.templates.catalog import Catalog

        series = [item.id for item in self.settings.series] or None  # none set: not checked
        return Catalog.load(self.paths.user_templates_dir, series=series)

    @cached_property
    def proofer(self) -> Any:
        """Return the proofing engine for all languages, built on first use."""
        from desktop.core.proofing import Proofer

        return Proofer(self.settings, self.paths)

    @cached_property
    def register(self) -> Any:
        """Return the correspondence register (migrated on first use)."""
        from desktop.core.register import WITNESS_NAME, open_register

        return open_register(
            self.database_url, clock=self.clock, witness=self.paths.data_dir / WITNESS_NAME
        )

    def reload_settings(self) -> None:
        """Re-read settings after the user changed them; engines are rebuilt on next use."""
        self.settings = load_settings(self.paths)
        for name in ("catalog", "proofer"):
            self.__dict__.pop(name, None)
