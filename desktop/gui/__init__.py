"""The desktop window: panels, dialogs, Qt models and the background task runner.

This is the only package that imports PySide6. Business rules live in ``desktop.core``;
widgets here take an :class:`~desktop.core.services.context.AppContext` and a
:class:`~desktop.gui.tasks.TaskRunner` from the composition root (``desktop/app.py``).
"""
