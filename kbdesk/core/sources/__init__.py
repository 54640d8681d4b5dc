"""Knowledge-base sources: local folders and git remotes, and the managed policy (no Qt here).

Modules: ``model`` (what a source is, merging articles by priority),
``gitfetch`` (pygit2: shallow fetch, checkout; the only module importing
pygit2), ``signing`` (allowed signers), ``store`` (one source on disk and its
atomic sync), ``policy`` (the policy file, effective settings, locks),
``schedule`` (when to sync), ``service`` (the set of sources in effect).
See docs/sources.md.
"""
