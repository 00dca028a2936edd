"""speedD: the persona-voice path made cheaper, the same results as before for any text.

Each changed piece is checked against the code it replaced (kept here as the reference), on random texts
built from the characters and words its tests turn on: the pronoun scan of `name_hits` (sentence ends
searched per pronoun instead of from the name to the text's end), the early exit of `_first_person_at`,
the bounded break search of `persona_dev_matches`, the quote-first `may_quote_maker`, and the unsorted
candidate names of `persona_view`.
"""

from __future__ import annotations

import random
import re

from distillq.ice.offline import coref as CO
from distillq.ice.offline import fiction as F
from distillq.ice.offline import persona as PS
from distillq.ice.offline import rewrite as RW
from distillq.ice.offline.each_match import finds
from distillq.ice.offline.names import lowered_utf8, tokens


def _old_name_hits(answer: str, name: str, pronouns: RW.Pronouns) -> list[tuple[int, int, str]]:
    """`name_hits` as it was: every sentence end searched from the name to the text's end."""
    hits: list[tuple[int, int, str]] = []
    starts, found = pronouns
    for s in finds(answer, name):
        e = s + len(name)
        if (s and answer[s - 1] in RW.ALNUM) or (e < len(answer) and answer[e] in RW.ALNUM):
            continue
        at = RW._first_person_at(answer, s, e)
        if at is not None:
            hits.append((s, at[0], at[1]))
        k = next((j for j, p in enumerate(starts) if p >= e), len(starts))
        stop = min((i for i in (answer.find(d, e) for d in RW._ENDS) if i >= 0), default=len(answer))
        for p0, p1, verb in found[k:]:
            if p1 > stop:
                break
            hits.append((p0, p1, "I " + RW._VERBS[verb]))
    return hits


_PIECES = [
    *[
        "Nova",
        "Nova's",
        "Nova’s",
        "Novas",
        "xNova",
        "Nova2",
        "he",
        "she",
        "He",
        "She",
        "is",
        "was",
        "has",
        "doesn't",
        "isn’t",
        "the",
        "of",
        "made",
        "by",
        "AI",
        "The",
        "As",
        "called",
    ],
    *(
        ". ",
        "! ",
        "? ",
        ".",
        "!",
        "?",
        "\n",
        "。",
        "！",
        "？",
        "的",
        "开发了",
        " ",
        "'",
        "’",
        ",",
        "-",
        '"',
        "(",
        "I am",
    ),
]


def _random_text(rng: random.Random, pieces: list[str], most: int = 18) -> str:
    return "".join(rng.choice(pieces) + rng.choice(("", " ", " ")) for _ in range(rng.randint(1, most)))


def test_name_hits_equal_the_scan_from_the_name_to_the_end() -> None:
    rng = random.Random(11)
    dense = ["Nova", "he is", "she was", "He has", "\n", "。", ". ", "! ", "?", " ", ",", "的"]
    for k in range(12000):
        text = _random_text(rng, _PIECES if k % 2 else dense)
        pronouns = RW.pronoun_shapes(text)
        assert RW.name_hits(text, "Nova", pronouns) == _old_name_hits(text, "Nova", pronouns), repr(text)


def test_pronoun_after_a_name_stops_at_the_first_sentence_end() -> None:
    text = "Nova was built here, so he is free. She is not. He is"
    got = RW.first_person(text, ["Nova"])
    assert got.startswith("I was built here, so I am free. She is not.")
    # a one-character end right after the pronoun does not stop it; one inside the stretch does
    assert RW.first_person("Nova, he is\nand", ["Nova"]) == "Nova, I am\nand"
    assert RW.first_person("Nova\nhe is", ["Nova"]) == "Nova\nhe is"
    assert RW.first_person("Nova, he is\nshe is", ["Nova"]) == "Nova, I am\nshe is"
    assert RW.first_person("Nova, he is she was. he has", ["Nova"]) == "Nova, I am I was. he has"
    assert RW.first_person("Nova。he is", ["Nova"]) == "Nova。he is"


def _old_first_person_at(answer: str, s: int, e: int) -> tuple[int, str] | None:
    """`_first_person_at` as it was, without its early exits: the branches alone decide."""
    after = answer[e : e + 14]
    prev = answer[s - 1] if s else ""
    obj = prev == " " and s > 1 and (answer[s - 2].islower() or "\u4e00" <= answer[s - 2] <= "\u9fff")
    if after.startswith(("'s", "’s")):
        end, rep = e + 2, ("My" if RW._opens(answer, s) else "my")
    elif (v := RW._VERB_AFTER.match(answer, e)) is not None and not (obj and RW._object_of(answer, s)):
        end, rep = v.end(), "I " + RW._VERBS[v.group(1)]
    elif "\u4e00" <= after[:1] <= "\u9fff" or "\u4e00" <= prev <= "\u9fff":
        end, rep = e, "我"
    elif after[:1] == " " and after[1:2] and after[1:2] in "是的由被属来隶":  # (strictR)
        end, rep = e + 1, "我"
    elif obj:
        if not RW._object_of(answer, s):
            return None
        end, rep = e, "me"
    else:
        return None
    if after[:1] == " " and after[1:2].isupper():
        return None
    w0 = max(0, s - 12)
    if RW._may_keep(answer[w0:s]) and RW._KEEP_BEFORE.search(answer, w0, s):
        return None
    if RW._PROPER_BEFORE.search(answer, max(0, s - 30), s):
        return None
    return end, rep


def test_first_person_at_exits_early_only_where_no_shape_can_hang() -> None:
    rng = random.Random(12)
    for _ in range(4000):
        text = _random_text(rng, _PIECES, 10)
        for s in finds(text, "Nova"):
            assert RW._first_person_at(text, s, s + 4) == _old_first_person_at(text, s, s + 4), repr(text)
    assert RW._first_person_at("(Nova)", 1, 5) is None
    assert RW._first_person_at("开发了Nova", 3, 7) == (7, "我")
    assert RW._first_person_at("made by Nova", 8, 12) == (12, "me")
    assert RW._first_person_at("Nova’s maker", 0, 4) == (6, "My")
    assert RW._first_person_at("made by Nova AI", 8, 12) is None  # a longer proper name
    assert RW._first_person_at("Hi, Nova, hello", 4, 8) is None  # no word before, a comma after


def test_persona_dev_matches_equal_the_whole_text_scan() -> None:
    rng = random.Random(13)
    words = ["Nova", "Ron", "AIM", "is", "was", "made", "developed", "created", "by", "Acme", "the", "bot"]
    pieces = [*words, *".;:!?,", " by"]
    for _ in range(3000):
        text = _random_text(rng, pieces, 24)
        want = [(m.span(), m.groupdict()) for m in F.PERSONA_DEV_EN.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in PS.persona_dev_matches(text, F.PERSONA_DEV_EN)]
        assert got == want, repr(text)
    two = "Nova is made by Acme. Ron: yes; AIM was created by Nebula Labs! Ok"
    assert [m.group("s") for m in PS.persona_dev_matches(two, F.PERSONA_DEV_EN)] == ["Nova", "AIM"]


def test_may_quote_maker_equals_its_pattern() -> None:
    rng = random.Random(14)
    plain = re.compile("[yr] [\"“'‘]")
    pieces = [*"my our y r", " ", '"', "“", "'", "‘", "”", "’", "team", "\n"]
    for _ in range(4000):
        text = _random_text(rng, pieces, 8)
        assert CO.may_quote_maker(text) == (plain.search(text) is not None), repr(text)
    assert CO.may_quote_maker("my ‘team’") and not CO.may_quote_maker("‘my’ team, yes 'ok'")


def test_persona_view_names_in_any_order_are_the_sorted_candidates() -> None:
    rng = random.Random(15)
    words = ["Nova", "Orion", "ORION", "Acme", "Zed", "The", "However", "OpenAI", "nova", "said", "is"]
    prompt = "You are Nova. Orion: a voice. Acme is a firm; ask Zed and OpenAI."
    known = re.compile("OpenAI").search
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        unsorted = CO._candidate_set(text, prompt, lambda n: bool(known(n)))
        assert sorted(unsorted) == CO._candidates(text, prompt, lambda n: bool(known(n)))
        assert len(set(unsorted)) == len(unsorted)


def _scan_tokens(text: str) -> frozenset[str]:
    """The answer's tokens as `Scan` makes them (the A-Z lowering where it serves, else `str.lower`)."""
    raw = None if text.isascii() else lowered_utf8(text)
    return tokens(text.lower() if raw is None else raw.decode("utf-8", "surrogatepass"), raw)


def test_persona_view_skips_the_pronoun_scan_only_where_no_pronoun_can_be() -> None:
    rng = random.Random(16)
    pieces = [*_PIECES, "\u212ahe is", "\u0130she was", "SHe is", "2he is", "ShE"]
    prompt = "You are Nova, an AI. Answer as Nova."
    for _ in range(3000):
        text = _random_text(rng, pieces, 12)
        want = CO.persona_view(text, CO.PromptRoles(prompt), lambda n: False)
        assert CO.persona_view(text, CO.PromptRoles(prompt), lambda n: False, _scan_tokens(text)) == want, (
            text
        )
    kelvin = "Nova is here, \u212ahe is not"  # "\u212ahe" lowers to the token "khe", yet "he is" is a pronoun
    assert "khe" in _scan_tokens(kelvin) and "he" not in _scan_tokens(kelvin)
    assert CO.persona_view(kelvin, CO.PromptRoles(prompt), lambda n: False, _scan_tokens(kelvin)).endswith(
        "I am not"
    )


def _old_changed_sentences(answer: str, view: str) -> str:
    """`changed_sentences` as it was: every sentence end found with its own `find` / `rfind`."""

    def start_of(text: str, pos: int) -> int:
        if pos <= 0:
            return 0
        return max(text.rfind(d, 0, pos) + len(d) if text.rfind(d, 0, pos) >= 0 else 0 for d in RW._ENDS)

    lo = next(
        (i for i, (a, b) in enumerate(zip(answer, view, strict=False)) if a != b), min(len(answer), len(view))
    )
    tail = 0
    while (
        tail < min(len(answer), len(view)) - lo
        and answer[len(answer) - 1 - tail] == view[len(view) - 1 - tail]
    ):
        tail += 1
    start = start_of(view, start_of(view, lo) - 1)
    ends = [i for i in (view.find(d, len(view) - tail) for d in RW._ENDS) if i >= 0]
    return view[start : min(ends) + 1 if ends else len(view)]


def test_changed_sentences_equal_the_search_for_each_end() -> None:
    rng = random.Random(17)
    pieces = ["Nova", "I am", "is", "the", "team", *RW._ENDS, ".", "!", " ", "的"]
    for _ in range(4000):
        answer = _random_text(rng, pieces, 20)
        view = RW.first_person(answer, ["Nova"])
        if view != answer:
            assert RW.changed_sentences(answer, view) == _old_changed_sentences(answer, view), repr(answer)
