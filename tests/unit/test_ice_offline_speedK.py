"""speedK: the persona-voice path made cheaper, the same results as before for any text.

Each changed piece is checked against the code it replaced (kept here as the reference) on random texts
built from the characters its tests turn on: the common prefix and suffix of `changed_sentences` (found
by comparing only the part not yet known equal), the gate of `_PROPER_BEFORE` in `_first_person_at`
(an upper-case letter or "the" must be there), and the prompt-only memos a persona re-scan shares.
"""

from __future__ import annotations

import random

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import rewrite as RW
from distillq.ice.offline.scan import Scan


def _old_changed_sentences(answer: str, view: str) -> str:
    """`changed_sentences` as it was: each binary-search step compares both whole prefixes (suffixes)."""
    n = min(len(answer), len(view))
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if answer[:mid] == view[:mid]:
            lo = mid
        else:
            hi = mid - 1
    lo2, hi2 = 0, n - lo
    while lo2 < hi2:
        mid = (lo2 + hi2 + 1) // 2
        if answer[len(answer) - mid :] == view[len(view) - mid :]:
            lo2 = mid
        else:
            hi2 = mid - 1
    start = RW._sentence_start(view, RW._sentence_start(view, lo) - 1)
    mark = RW._END_MARK.search(view, len(view) - lo2)
    return view[start : mark.start() + 1 if mark is not None else len(view)]


_PIECES = ["a", "b", "Nova", " ", ". ", "\n", "my", "I am", "me", "。", "é", "😀", "is", "?", "! ", "'s"]


def test_changed_sentences_equal_the_whole_slice_search() -> None:
    rng = random.Random(21)
    for _ in range(20000):
        answer = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14)))
        view = list(answer)
        for _ in range(rng.randint(0, 3)):  # a few rewrites: a span replaced by a piece (or dropped)
            i = rng.randint(0, len(view))
            view[i : min(len(view), i + rng.randint(0, 4))] = list(rng.choice([*_PIECES, ""]))
        got = RW.changed_sentences(answer, "".join(view))
        assert got == _old_changed_sentences(answer, "".join(view)), (answer, view)


def test_changed_sentences_keep_the_sentence_before() -> None:
    answer = "Hello there. Nova is kind. Nova's maker is Acme. Bye now."
    view = "Hello there. I am kind. My maker is Acme. Bye now."
    assert RW.changed_sentences(answer, view) == "Hello there. I am kind. My maker is Acme."
    assert RW.changed_sentences("abc", "abc") == "abc"  # (never asked: the views differ)
    assert RW.changed_sentences("Nova is", "I am") == "I am"


_WINDOW_PIECES = ["the ", "The ", "A", "b", "é", "É", "Nova", "'s", "’", "s", " ", "\n", "-", "_", "1"]
_WINDOW_PIECES += ["bathe", "x", ". ", "ǅ", "ß", "İ", "Σ", "中", "THE "]


def test_proper_gate_lets_every_match_through() -> None:
    rng = random.Random(22)
    for _ in range(40000):
        before = "".join(rng.choice(_WINDOW_PIECES) for _ in range(rng.randint(0, 10)))
        text = before + "Nova"
        s = len(before)
        w0 = max(0, s - 30)
        if RW._PROPER_BEFORE.search(text, w0, s) is not None:
            assert RW._may_be_proper(text[w0:s]), repr(text)


def test_proper_gate_shapes() -> None:
    assert not RW._may_be_proper("was developed by ")  # no capital, no "the": no regex
    assert RW._may_be_proper("made by the ") and RW._may_be_proper("made by the \n")
    assert RW._may_be_proper("the Nova ") and RW._may_be_proper("é Σ ")  # (any capital lets it through)
    assert RW._first_person_at("it was developed by Nova", 20, 24) == (24, "me")
    assert RW._first_person_at("it was developed by the Nova", 24, 28) is None  # "the Nova": a name
    assert RW._first_person_at("made by Acme Nova", 13, 17) is None  # a longer proper name


def test_rescan_shares_the_prompt_memos_with_the_same_answers() -> None:
    judge = OfflineJudge(load_cards())
    prompt = "You are Nova, an AI. Answer as [NOVA] and as GPT: who made you?"
    outer = Scan("[NOVA] Nova's maker is Quillon Labs. GPT: OpenAI made me.", judge.lex, prompt)
    inner = outer.rescan("[NOVA] My maker is Quillon Labs.")
    assert inner._roles is outer._roles and inner._voices is outer._voices
    fresh = Scan("[NOVA] My maker is Quillon Labs.", judge.lex, prompt)
    for start, end, _ in inner.mentions:
        assert inner.is_role(start, end) == fresh.is_role(start, end)
    assert inner.voice_at(3) == fresh.voice_at(3)
    assert inner._cjk is not outer._cjk and inner._usable is not outer._usable  # (these are the text's)


def _old_object_of(answer: str, s: int) -> bool:
    """`_object_of` as it was: the pattern searched in the 20 characters before `s`."""
    w = RW._PREV_WORD.search(answer, max(0, s - 20), s)
    return w is not None and w.group(1) not in RW._CONJUNCTIONS


def test_object_of_equals_the_pattern() -> None:
    rng = random.Random(23)
    pieces = ["of", "by", "and", "built", "Made", "x", "A", "é", "ab", " ", "  ", "\n", "-", "1", "the", "or"]
    for _ in range(40000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) + "Nova"
        s = len(text) - 4
        assert RW._object_of(text, s) == _old_object_of(text, s), repr(text)
    long_word = "x" * 25 + " Nova"  # a word longer than the window: no match in it
    assert not RW._object_of(long_word, 26) and not _old_object_of(long_word, 26)
    assert RW._object_of("made by Nova", 8) and not RW._object_of("Acme and Nova", 9)
    assert not RW._object_of("McDonald Nova", 9)  # (an ASCII capital right before the a-z run)


def test_verb_after_needs_a_space_next() -> None:
    assert RW._first_person_at("Nova is kind", 0, 4) == (7, "I am")
    assert RW._first_person_at("Nova, is kind", 0, 4) is None
    assert RW._first_person_at("made by Nova's team", 8, 12) == (14, "my")


def test_candidates_with_the_known_memo_are_the_same() -> None:
    from distillq.ice.offline import coref as CO

    judge = OfflineJudge(load_cards())
    lex = judge.lex
    rng = random.Random(24)
    words = ["Nova", "OpenAI", "GPT", "ChatGPT", "Qwen", "DAN", "Acme", "The", "However", "NOVA", "Claude"]
    prompt = "You are Nova (NOVA), not ChatGPT or Claude; DAN and Acme. Who made you, GPT?"
    for k in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        want = CO._candidate_set(text, prompt, lex.is_known)
        assert sorted(CO._candidate_set(text, prompt, lex.is_known, lex.known)) == sorted(want), text
        if k % 3 == 0:
            lex.known.clear()  # (a memo that forgot: every name is tested again)
    assert "OpenAI" not in CO._candidate_set("OpenAI and Nova", "OpenAI Nova", lex.is_known, lex.known)
