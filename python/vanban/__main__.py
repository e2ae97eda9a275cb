"""``python -m vanban``: the ``vanban`` command line, run by the same library in this process.

Also installed as the ``vanban`` console script by the wheel.
"""

import os
import signal
import sys

from vanban import _native


def main(prog: str = "vanban") -> None:
    """Run the command line with ``sys.argv`` and exit with its code (0, 1, or 2 for usage)."""
    # Python turns Ctrl-C into an exception it can only raise between bytecodes; the command
    # runs in Rust, so give SIGINT back its default: it ends the process, as it ends the binary.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # A batch converts each document in a worker process, this program started again: this
    # interpreter (a virtual environment's own, not the one it links to) with the same
    # arguments ("-m vanban …", or the console script's path).
    os.environ.setdefault("VANBAN_WORKER_PROGRAM", sys.executable)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(_native.run_cli([prog, *sys.argv[1:]]))


if __name__ == "__main__":
    main("python -m vanban")
