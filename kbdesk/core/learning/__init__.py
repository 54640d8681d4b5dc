"""A knowledge base that learns its users' words (issue 14).

What people typed before an article solved their problem is the strongest signal a
knowledge base has. kbdesk keeps it on the person's machine, redacted, with the rest of
their history, and uses it three ways:

* **search** ranks an article higher for searches like the ones it answered before, always
  below what its own text says (:mod:`kbdesk.core.search.learned`);
* **writers** see, per article, the phrasings people found it with and the searches it did
  not answer, and make one a symptom with a click (writer mode, :func:`kbdesk.core.authoring.add_symptom`);
* **fleets** merge exports from many machines for their writers, keeping only what enough
  machines saw (``kbdesk feedback export --min-users K``).

Where things are::

    kbdesk/core/analytics/phrasings.py   the rows in the history database (migration 4), and how a
                                         "Yes", a "No", a long read or an escalation becomes one
    kbdesk/core/search/learned.py        the phrasings in search: a keyword field and extra vectors
    live.py                              from the history into search and out again
    exchange.py                          ``kbdesk feedback import`` / ``export``: formats, limits, merging
    review.py                            what writer mode shows for one article
"""
