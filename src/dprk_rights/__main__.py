"""The ``dprk`` program: the installed script and ``python -m dprk_rights`` both start here.

Two start-up measures live here, and only here, because they are right for a short-lived
process and wrong for a library imported by a long-running one (gains measured in the README,
"Start-up"):

- the cyclic garbage collector is paused while the command line's modules are imported (their
  objects live as long as the process; collecting them only walks them again), and those objects
  are then frozen out of later collections;
- once the output is flushed, the process ends with ``os._exit``, skipping the interpreter's
  teardown of every module (the command has written, closed and renamed all it writes by then).
"""

from __future__ import annotations

import gc
import os
import sys

#: Collection thresholds while a command runs: a young generation 100 times Python's default, so
#: the objects a command creates for its answer are rarely walked, while reference cycles are
#: still collected (peak memory on 100k events unchanged, README "Start-up").
_THRESHOLDS = (70_000, 10, 10)


def main() -> None:
    """Entry point of the ``dprk`` script."""
    gc.disable()
    from .cli import run

    gc.freeze()
    gc.set_threshold(*_THRESHOLDS)
    gc.enable()
    status = run()
    try:
        sys.stderr.flush()
    finally:
        os._exit(status)


if __name__ == "__main__":
    main()
