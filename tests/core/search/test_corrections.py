"""Which words "did you mean" may touch (keyword.correctable_words), on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kbdesk.core.search.engine import _normalise_message
from kbdesk.core.search.keyword import correctable_words


def words(text: str) -> list[str]:
    return [w for _s, _e, w in correctable_words(text)]


def test_only_plain_prose_words_are_candidates():
    text = (
        'Traceback: File "<stdin>", line 1, in <module> (printr) [modle] `flsh` {wirless} '
        "'quoted' it's OneDrive HDMI msvcp140.dll ERR_CERT_DATE_INVALID https://example.com/printr "
        "plain wirless, printr."
    )
    assert words(text) == ["traceback", "file", "line", "in", "plain", "wirless", "printr"]


def test_unbalanced_brackets_protect_nothing_and_cost_nothing():
    assert words("(printr offline") == ["offline"]
    assert words("printr) offline") == ["offline"]
    # every kind of opener, unclosed, many times over: linear, so this returns at once
    hostile = "(<[{\"'`" * 20_000 + " printr"
    assert words(hostile) == ["printr"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z(<[{}]>)\"'`_.,!\n")), max_size=400))
def test_candidates_are_plain_lower_case_words_of_the_text(text):
    for start, end, word in correctable_words(text):
        assert text[start:end].lower() == word
        assert re.fullmatch(r"[a-z]+", word)
        assert (start == 0 or text[start - 1].isspace()) and not any(c.isupper() for c in text[start + 1 : end])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_message_normal_form_is_padded_words(text):
    normal = _normalise_message(text)
    assert normal.startswith(" ") and normal.endswith(" ") and "  " not in normal.strip()
    assert _normalise_message(normal) == normal  # already in normal form: unchanged
    assert _normalise_message(text.casefold()) == normal
