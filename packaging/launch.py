"""PyInstaller's entry script: the same ``main`` as the ``kbdesk`` console script and ``python -m kbdesk``."""

import multiprocessing
import sys

from kbdesk.__main__ import main

if __name__ == "__main__":
    # lint checks large folders in worker processes (ProcessPoolExecutor); a frozen app must route them here
    multiprocessing.freeze_support()
    sys.exit(main())
