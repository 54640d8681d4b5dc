"""Option values that come from modules slow to import, computed when a command needs them.

Every command registers its parser on every start (``kbdesk search`` builds
the parsers of ``bundle`` and ``redact`` too), so a parser must not import
what only running a command needs: the escalation module with the redactor's
compiled rules and the bundle writer took 0.3 s of a cold search at load 2
(``python -X importtime``, docs/benchmarks.md). Choices taken from those
modules are a :class:`LazyChoices`: argparse asks for them only to check a
value given on the command line or to write ``--help`` (write such an
option's help with ``%(choices)s`` to list them there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload


class LazyChoices(Sequence[str]):
    """The allowed values of an option, from ``load`` on first use."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._values: tuple[str, ...] | None = None

    def values(self) -> tuple[str, ...]:
        if self._values is None:
            self._values = tuple(self._load())
        return self._values

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self.values()[index]

    def __len__(self) -> int:
        return len(self.values())

    def __contains__(self, value: object) -> bool:
        return value in self.values()

    def __iter__(self) -> Iterator[str]:
        return iter(self.values())

    def __repr__(self) -> str:
        return repr(self.values()) if self._values is not None else "LazyChoices(not loaded yet)"
