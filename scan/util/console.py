"""The one kind of rich console the command line prints with: untrusted text made safe.

Every segment of text a :class:`SafeConsole` renders passes through
:func:`scan.util.text.terminal_safe`, so a name, remark or file content with escape sequences,
control characters, bidi overrides or lone surrogates is shown harmlessly wherever it is
printed (result view, ``scan start`` screens, warnings and errors). Rich's own control codes
(colours, progress bars) are separate segments and pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from scan.util.text import terminal_safe


class SafeConsole(Console):
    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None:
                safe = terminal_safe(segment.text, multiline=True)
                if safe is not segment.text:
                    segment = Segment(safe, segment.style)
            yield segment
