"""The real git server fixtures (tests/gitserver.py) for the git-source tests here."""

from gitserver import git_daemon, upstream

__all__ = ["git_daemon", "upstream"]
