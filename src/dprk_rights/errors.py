"""Errors shown to the user as one line each, never as a traceback."""

from __future__ import annotations

from .text import visible

#: Exit status for a user's mistake (bad option value, bad data file), as click uses.
EXIT_USAGE = 2


class Problem:
    """One thing wrong with a timeline file, located as precisely as known.

    ``severity`` is ``"error"`` (the data is wrong) or ``"warning"`` (the data is doubtful).
    """

    __slots__ = ("column", "field", "file", "line", "message", "severity")

    def __init__(
        self, file: str, line: int | None, column: int | None, field: str, message: str, severity: str = "error"
    ) -> None:
        self.file, self.line, self.column, self.field, self.message = file, line, column, field, message
        self.severity = severity

    def __repr__(self) -> str:
        return (
            f"Problem({self.file!r}, {self.line}, {self.column}, {self.field!r}, {self.message!r}, {self.severity!r})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self.to_dict() == other.to_dict()

    # Unhashable on purpose (mutable, compared by value); typeshed declares __hash__ as a method.
    __hash__ = None  # type: ignore[assignment]  # compared by value but mutable: unhashable, as object() allows

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def where(self) -> str:
        """``file:line:column``, as precisely as known."""
        return ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)

    def located(self) -> str:
        """``file:line:column: severity: field: message`` (the compiler convention), as ``dprk validate`` prints it."""
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{self.where()}: {self.severity}: {what}"

    def to_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


class DprkError(Exception):
    """Base class for every error the command line reports without a traceback."""

    exit_code = EXIT_USAGE

    def lines(self) -> list[str]:
        """The message as the lines to print after ``Error: ``: one line each, with control and bidi
        characters (from a file name or a typed value) shown as escapes, never sent to the terminal."""
        return [visible(str(self))]


class UsageError(DprkError):
    """A bad option or argument value, e.g. an unparseable ``--since`` date."""


class NotFoundError(DprkError):
    """An id (event, source) that the timeline does not contain."""


class DataError(DprkError):
    """A timeline file that cannot be read or does not validate."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        return [visible(str(p)) for p in self.problems]
