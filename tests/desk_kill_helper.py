"""Run ``kbdesk ARGS`` and SIGKILL this process the moment a desk has answered "created".

For the "killed between the desk's answer and recording it" test: the desk adapter's
real ``create_ticket`` runs (the ticket exists at the desk), then the process dies
before the outbox can record it or remove the bundle. Nothing in kbdesk is changed
for the test; this wrapper only wraps the method from outside.
"""

from __future__ import annotations

import os
import signal
import sys

from kbdesk.core.desks.rt import RTDesk


def main() -> None:
    real = RTDesk.create_ticket

    def create_then_die(self, submission):
        ref = real(self, submission)
        sys.stdout.write(f"created {ref.ticket}\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    RTDesk.create_ticket = create_then_die
    from kbdesk.cli import main as kbdesk

    sys.exit(kbdesk(sys.argv[1:]))


if __name__ == "__main__":
    main()
