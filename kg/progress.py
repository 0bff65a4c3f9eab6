"""The progress of a long build on stderr: articles done (of how many, when the inputs were
counted), articles/s, elapsed time and time left. Drawn only on a terminal."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from kg.build import BuildReport


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed or 0:6.1f} articles/s")


@contextmanager
def build_progress(enabled: bool = True) -> Iterator[Callable[[BuildReport], None] | None]:
    """An ``on_progress`` for kg.build.build, or None when disabled or stderr is not a terminal.

    While the bar is drawn, whatever else goes to stderr (error lines) is printed above it."""
    console = Console(stderr=True)
    if not (enabled and console.is_terminal):
        yield None
        return
    columns = (TextColumn("articles"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("build", total=None)
        yield lambda report: bar.update(task, completed=report.handled, total=report.expected)
