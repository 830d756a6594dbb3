"""Benchmark the window; print one JSON object.

    uv run python bench/gui.py [--entries 1000000] [--soak-minutes 60] [--soak-only]

Measures (offscreen Qt unless QT_QPA_PLATFORM says otherwise):

- ``startup_ms``: process launch (the parent's clock just before the spawn) to the main window
  shown and answering an event (median of three warm runs in fresh processes);
  ``templates_ready_ms``: until the picker is filled.
- ``keystroke_repaint_ms_p50/p95``: a key event sent to the editor holding a three-page letter
  until its viewport has repainted (synchronous ``repaint``), while proofing checks run in the
  background (a check is started every ten keys).
- ``preview_after_typing_ms``: last keystroke to the new PDF shown in the preview (median).
- ``register_view_ms``: the register panel asked to list a register of ``--entries`` entries
  until the first page is in the table (median of 5).
- ``memory``: RSS after warm-up and after a scripted session of ``--soak-minutes`` (or
  ``--session-seconds``; default 2 minutes): compose, type, proof, preview, save a draft
  (Ctrl+S, a register write), list and delete it in the Drafts panel, scroll the register.
  Reports the growth in percent, the RSS sampled every ``--sample-seconds`` (to see a trend,
  not only two points) and the growth over the second half of the session. Each sample is
  taken right after the release of freed heap that the window does every minute
  (``desktop.core.memory``), so it shows memory still in use; ``peak_rss_mb`` is the
  untrimmed high-water mark.
  ``--soak-only`` skips the start-up, editor and register timings (for the hour-long soak; the
  register is still filled with ``--entries``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource as rlimit
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREE_PAGES = 28  # paragraphs of ~70 words: about three A4 pages


def rss_mb() -> float:
    """Return the current resident set size in MB (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)


def startup_child(data_dir: str) -> None:
    """Run in a child process: open the window, print timings relative to process start."""
    # From the moment the parent launched this process (its clock, read just before the
    # spawn). The kernel's start time is no substitute: /proc/stat's boot time is whole
    # seconds, so "boot + start ticks" is early by the boot time's lost fraction (0.78 s on
    # the machine of 2026-12-04), which the figures before that date included.
    origin = float(os.environ["MISSIVA_BENCH_LAUNCHED"])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.core.services.context import AppContext

    app = QApplication(["missiva"])
    ctx = AppContext.create(data_dir)
    window = build_window(ctx)
    window.show()
    marks: dict[str, float] = {}

    def responsive() -> None:
        marks["shown"] = time.time() - origin

    def poll() -> None:
        if window.catalog_ready:
            marks["templates"] = time.time() - origin
            print(json.dumps(marks), flush=True)
            window.runner.wait(30_000)
            app.quit()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, responsive)
    QTimer.singleShot(10, poll)
    app.exec()


def bench_startup(data_dir: str, runs: int = 4) -> dict[str, float]:
    """Start the window in fresh processes; the first run warms caches and is dropped."""
    shown, templates = [], []
    for _ in range(runs):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MISSIVA_BENCH_LAUNCHED": repr(time.time())}
        out = subprocess.run(
            [sys.executable, __file__, "--startup-child", data_dir],
            capture_output=True, text=True, check=False, env=env,
        )  # fmt: skip
        if out.returncode != 0:
            raise SystemExit(f"the start-up child failed:\n{out.stderr}")
        marks = json.loads(out.stdout.strip().splitlines()[-1])
        shown.append(marks["shown"] * 1000)
        templates.append(marks["templates"] * 1000)
    return {
        "startup_ms": round(statistics.median(shown[1:]), 1),
        "templates_ready_ms": round(statistics.median(templates[1:]), 1),
    }


def wait(app: object, seconds: float, until: object = None) -> bool:
    """Process events until ``until()`` or the time is up; return whether it became true."""
    from PySide6.QtCore import QCoreApplication, QEvent

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        # processEvents() outside exec() never runs deleteLater(); the app's event loop does,
        # so without this the session would keep every closed preview, task relay and dialog.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        if until is not None and until():  # type: ignore[operator]
            return True
        time.sleep(0.001)
    return until is None


def long_body() -> str:
    """Return about three pages of plain letter text."""
    paragraph = (
        "Thank you for your letter about the delivery of your order. We have looked into the "
        "matter with our logistics partner and can confirm that the parcel left our warehouse on "
        "time, but it was held at the regional sorting centre because of a labelling problem. "
        "We are sorry for the inconvenience this has caused and have arranged a new delivery "
        "slot at no cost to you, together with a voucher for your next purchase."
    )
    return "\n\n".join(paragraph for _ in range(THREE_PAGES))


def bench_editor(app: object, window: object) -> dict[str, float]:
    """Measure keystroke-to-repaint latency and last-keystroke-to-preview time."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    composer = window.composer  # type: ignore[attr-defined]
    composer.start("refund-approved", "en", values={
        "customer_name": "Ana Silva", "order_number": "A-1", "refund_amount": "10.00",
        "refund_date": "2026-12-04"})  # fmt: skip
    editor = composer.editor
    editor.resize(700, 800)
    editor.setPlainText(long_body())
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    wait(app, 3, lambda: composer.preview.page_count > 0)
    latencies: list[float] = []
    text = " and we will keep you informed about every step" * 8
    for index, char in enumerate(text):
        if index % 10 == 0:
            composer.proof_now()
        start = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        editor.viewport().repaint()
        latencies.append((time.perf_counter() - start) * 1000)
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.03)  # a fast typist: ~30 characters a second
    latencies.sort()
    previews: list[float] = []
    for _ in range(5):
        wait(app, 2)
        before = composer.preview.generation
        QApplication.sendEvent(
            editor, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "x")
        )
        start = time.perf_counter()
        if wait(app, 10, lambda b=before: composer.preview.generation > b):
            previews.append((time.perf_counter() - start) * 1000)
    return {
        "keystroke_repaint_ms_p50": round(latencies[len(latencies) // 2], 2),
        "keystroke_repaint_ms_p95": round(latencies[int(len(latencies) * 0.95)], 2),
        "keystrokes": len(latencies),
        "preview_after_typing_ms": round(statistics.median(previews), 1) if previews else None,
    }


def bench_register(app: object, window: object, ctx: object, entries: int) -> dict[str, object]:
    """Fill the register with ``entries`` rows and time the view's first page."""
    spec = importlib.util.spec_from_file_location("bench_register", ROOT / "bench" / "register.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    start = time.perf_counter()
    module.bulk_sqlite(ctx.register, entries)  # type: ignore[attr-defined]
    filled = time.perf_counter() - start
    panel = window.register_panel  # type: ignore[attr-defined]
    window.show_page("register")  # type: ignore[attr-defined]
    times = []
    for _ in range(6):
        start = time.perf_counter()
        panel.reload()
        wait(app, 30, lambda: panel.model.rowCount() > 0 and not panel.model.is_loading)
        times.append((time.perf_counter() - start) * 1000)
    return {"register_entries": entries, "register_fill_s": round(filled, 1),
            "register_view_ms": round(statistics.median(times[1:]), 1),
            "register_rows_loaded": panel.model.rowCount()}  # fmt: skip


def bench_session(
    app: object, window: object, seconds: float, sample_seconds: float = 60.0
) -> dict[str, object]:
    """Run a scripted session (compose, type, preview, drafts, register) and compare memory."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.core.memory import release_free_memory

    composer = window.composer  # type: ignore[attr-defined]
    panel = window.register_panel  # type: ignore[attr-defined]
    drafts = window.drafts_panel  # type: ignore[attr-defined]

    def drafts_round() -> None:
        """Ctrl+S, then delete that draft from the Drafts panel (confirming)."""
        window.save_draft()  # type: ignore[attr-defined]
        wait(app, 10, lambda: composer.draft_id is not None)
        window.show_page("drafts")  # type: ignore[attr-defined]
        wait(app, 5, lambda: drafts.list.count() > 0)
        if drafts.list.count():
            drafts.list.setCurrentRow(0)
            drafts.delete_button.click()
            drafts.confirm_box.done(QMessageBox.StandardButton.Yes)
            wait(app, 5, lambda: drafts.list.count() == 0)

    def cycle() -> None:
        window.show_page("new")  # type: ignore[attr-defined]
        composer.start("refund-approved", "en", values={
            "customer_name": "Ana Silva", "order_number": "A-1", "refund_amount": "10.00",
            "refund_date": "2026-12-04"})  # fmt: skip
        for char in " Thank you again for writting to us.":
            QApplication.sendEvent(
                composer.editor,
                QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char),
            )
            app.processEvents()  # type: ignore[attr-defined]
        wait(app, 1.0)
        drafts_round()
        window.show_page("register")  # type: ignore[attr-defined]
        panel.reload()
        wait(app, 5, lambda: panel.model.rowCount() > 0)
        panel.table.scrollToBottom()
        wait(app, 0.5)

    def settled_rss() -> float:
        # what the window's minute timer does (desktop.core.memory), done now, so that every
        # sample is the memory still in use rather than wherever the last timer tick left it
        release_free_memory()
        return rss_mb()

    for _ in range(3):
        cycle()
    start_rss = settled_rss()
    started = time.perf_counter()
    end = started + seconds
    next_sample = started + sample_seconds
    samples: list[float] = [start_rss]
    cycles = 0
    while time.perf_counter() < end:
        cycle()
        cycles += 1
        if time.perf_counter() >= next_sample:
            samples.append(settled_rss())
            next_sample += sample_seconds
            print(f"soak {cycles} cycles, {time.perf_counter() - started:.0f} s, "
                  f"RSS {samples[-1]} MB", file=sys.stderr, flush=True)  # fmt: skip
    end_rss = settled_rss()
    samples.append(end_rss)
    middle = samples[len(samples) // 2]
    peak = rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux
    return {"session_seconds": round(seconds, 1), "session_cycles": cycles,
            "rss_after_warmup_mb": start_rss, "rss_after_session_mb": end_rss,
            "peak_rss_mb": round(peak, 1),
            "memory_growth_percent": round((end_rss - start_rss) / start_rss * 100, 1),
            "memory_growth_second_half_percent": round((end_rss - middle) / middle * 100, 1),
            "rss_samples_mb": samples, "rss_sample_seconds": sample_seconds}  # fmt: skip


def main() -> None:
    """Run every measurement and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="register size")
    soak = parser.add_mutually_exclusive_group()
    soak.add_argument("--soak-minutes", type=float, help="length of the scripted session")
    soak.add_argument("--session-seconds", type=float, help="the same, in seconds (default 120)")
    parser.add_argument(
        "--sample-seconds", type=float, default=60.0, help="RSS sampling interval during the soak"
    )
    parser.add_argument("--soak-only", action="store_true", help="skip the other measurements")
    parser.add_argument("--startup-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.soak_minutes is not None:
        session_seconds = args.soak_minutes * 60
    else:
        session_seconds = 120.0 if args.session_seconds is None else args.session_seconds
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.startup_child:
        startup_child(args.startup_child)
        return
    sys.path.insert(0, str(ROOT))
    result: dict[str, object] = {"platform": os.environ["QT_QPA_PLATFORM"]}
    with tempfile.TemporaryDirectory() as folder:
        warm_dir = str(Path(folder) / "startup")
        if not args.soak_only:
            result.update(bench_startup(warm_dir))
        from PySide6.QtWidgets import QApplication

        from desktop.app import build_window
        from desktop.core.services.context import AppContext

        app = QApplication(["missiva"])
        ctx = AppContext.create(str(Path(folder) / "data"))
        window = build_window(ctx)
        window.resize(1400, 900)
        window.show()
        wait(app, 30, lambda: window.catalog_ready)
        ctx.proofer.check_text("Warm up the speller.", "en")
        if not args.soak_only:
            result.update(bench_editor(app, window))
        result.update(bench_register(app, window, ctx, args.entries))
        result.update(bench_session(app, window, session_seconds, args.sample_seconds))
        window.runner.wait(30_000)
        window.close()
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip interpreter teardown: PySide's finaliser can crash after the result


if __name__ == "__main__":
    main()
