"""The command line: Typer commands over the library (:mod:`dprk_rights.timeline`)."""

from .app import app, main, run

__all__ = ["app", "main", "run"]
