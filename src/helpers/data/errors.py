"""The one exception users see for bad input: it names the file, the line and the field."""

from pathlib import Path


class DataError(Exception):
    """Bad input data, located as precisely as we can: file, line (1-based) and field path."""

    def __init__(self, path: str | Path, message: str, line: int | None = None, field: str | None = None):
        self.path = str(path)
        self.message = message
        self.line = line
        self.field = field
        super().__init__(self.describe())

    def describe(self) -> str:
        """One readable line: ``file:line: field: message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
