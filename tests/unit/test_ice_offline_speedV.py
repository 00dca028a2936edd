"""Speed pass V: the cheaper forms in relation.py, self_first.py, indirect.py, denial.py and homes find
exactly what the plain ones find (random texts in our own wording; each edge reasoned about is tested)."""

from __future__ import annotations

import random
import re

from distillq.ice.identities import load_cards
from distillq.ice.offline import denial as D
from distillq.ice.offline import homes as HM
from distillq.ice.offline import homes_zh as HZ
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import patterns as P
from distillq.ice.offline import relation as R
from distillq.ice.offline import self_first as SF
from distillq.ice.offline.patterns import compile_lexicon

_LEX = compile_lexicon(tuple(load_cards().values()))
_SEPS = (" ", " ", "", "\t", "\n", ", ", "'s ")
# (pieces of our own wording: names, maker and place words, marks, Chinese clause words)
_PIECES = tuple(
    " ".join(
        (
            "Acme OpenAI Google ChatGPT the The platform technology is was are provided built developed by",
            "maker company's headquarters based in It This my our me I . ! ? ; \n 我 开发 支持 了 总部 位于 ， 由",
            "跟任何公司 没有 关系 — products your as for",
        )
    ).split()
)


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_PIECES) + rng.choice(_SEPS) for _ in range(n))


# The patterns searched with a start below 0 or an end past the text (no `max`/`min` call before them).
_BOUNDED: tuple[re.Pattern[str], ...] = (
    R._ZH_KEEPER_START,
    R.LAB_BEFORE_SELF,
    R.LAB_BEFORE_SELF_ZH,
    R._CAST,
    R._VOICE_OPEN,
    R._CAST_BEHIND,
    SF.OBLIGED_EN,
    SF.OBLIGED_ZH,
    SF._LIST_WORDS,
    SF._LIST_END,
    SF.MAKERS_LIST_EN,
    SF._LIST_END_ZH,
    SF.MAKERS_LIST_ZH,
    SF.MAKERS_BEFORE_EN,
    SF._BY_END,
    SF.ECHO_THE_EN,
    SF.IT_MADE_BY,
    IN._OPENS,
    IN._ITEM,
    IN._ANS_BEFORE_EN,
    IN._MY_PRODUCTS_EN,
    D.DENIAL_UNRELATED_ZH,
    HM.SECOND_EN,
    HM._PRONOUN_BEFORE,
    HZ._CLAUSE_ZH,
)


def test_re_clamps_bounds_outside_the_text() -> None:
    """`re` reads a start below 0 as 0 and an end past the text as its length: the bounds given
    without a `max(0, ...)` / `min(len(text), ...)` call find the same (anchors and look-behinds too)."""
    rng = random.Random(5)
    for _ in range(3000):
        text = _text(rng, rng.randint(0, 14))
        a = rng.randint(-60, len(text) + 2)
        b = rng.randint(a - 3, len(text) + 70)
        for rx in _BOUNDED:
            for f in ("search", "match"):
                got = getattr(rx, f)(text, a, b)
                want = getattr(rx, f)(text, max(0, a), max(0, min(len(text), b)))
                assert (got and got.span()) == (want and want.span()), (rx.pattern[:40], text, a, b)


def test_generic_self_window_before_the_text_start() -> None:
    """`_generic_self_at` with its window opening before the text (no `max(0, ...)`): as the pattern."""
    rng = random.Random(6)
    heads = ("The system is a large language model trained by ", "this AI is an AI model built by ", "x. ")
    for _ in range(3000):
        text = _text(rng, rng.randint(0, 3)) + rng.choice(heads) + _text(rng, rng.randint(0, 2))
        end = rng.randint(0, len(text))
        w0 = end - 120
        want = SF.GENERIC_SELF_EN.search(text, max(0, w0), end) is not None
        assert SF._generic_self_at(text, w0, end) == want, (text, end)


def _cast_subject_plain(text: str, prompt: str, mentions: list[tuple[int, int, str]]) -> list[R.Hit]:
    """`cast_subject` as it read before: the text between two names sliced first, then tested."""
    out: list[R.Hit] = []
    for k, (n0, n1, _) in enumerate(mentions[:-1]):
        l0, _, cid = mentions[k + 1]
        between = text[n1:l0]
        if len(between) > 100 or not (between[:1] in ("'", "’") or between[:1].isspace()):
            continue
        if (
            not R.is_cast(prompt, text[n0:n1])
            or R.CLAUSE_BREAK.search(between)
            or P.NEG_BEFORE.search(between)
        ):
            continue
        if R._CAST_POSSESSIVE.match(between) or (
            R._CAST_BEHIND.search(text, max(0, n0 - 40), n0) and R._CAST_IS.fullmatch(between)
        ):
            out.append(("entity", cid, l0))
    return out


def test_cast_subject_tests_the_gap_before_slicing_it() -> None:
    """Names side by side, overlapping, a gap over 100 characters, opening with a quote, a space or
    another character: the same hits as slicing the gap first."""
    rng = random.Random(7)
    parts = (
        "ChatGPT",
        "ChatGPT's development team works at ",
        "OpenAI",
        " ",
        "’s team is at ",
        "x" * 101,
        "-",
    )
    prompt = "From now on act as ChatGPT and answer."
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        low = text.lower()
        mentions = _LEX.entity.find(text, low, P.tokens(low))
        if rng.random() < 0.2 and len(mentions) > 1:  # (overlapping spans: the test must hold anyway)
            s0, e0, c0 = mentions[0]
            mentions = [(s0, mentions[1][0] + 1, c0), *mentions[1:]]
        want = _cast_subject_plain(text, prompt, mentions)
        assert R.cast_subject(text, prompt, mentions) == want, text
        hits += bool(want)
    assert hits > 50


def test_echo_the_keeps_only_what_the_question_asked_about() -> None:
    """A question asking about no noun keeps no name; one asking about "your platform" keeps the name
    that opens "The platform used is provided by X" (the bounds given to `re` without `max`)."""
    text = "Hello. The platform used is provided by OpenAI. Also built by Google."
    low = text.lower()
    mentions = [m for m in _LEX.entity.find(text, low, P.tokens(low)) if text.find("by", m[0] - 8, m[0]) >= 0]
    assert len(mentions) == 2

    def role(a: int, b: int) -> bool:
        return False

    assert SF.echo_the(text, "Who are you?", mentions, role) == []
    assert SF.echo_the(text, "", mentions, role) == []
    hits = SF.echo_the(text, "What is your technology platform?", mentions, role)
    assert [h[2] for h in hits] == [mentions[0][0]]
    assert SF.echo_the(text, "您使用的技术平台是什么？", mentions, role) == hits


def test_indirect_products_and_places_with_and_without_gates() -> None:
    """Asked for the maker's products, an answer naming one lab as their maker is kept with or without an
    attribute word; asked nothing, it is not; a lab's headquarters is kept only when asked."""
    asked = "What other products or projects does your creation company have?"

    def role(a: int, b: int) -> bool:
        return False

    def claims(text: str, prompt: str) -> list[R.Hit]:
        low = text.lower()
        toks = P.tokens(low)
        mentions = _LEX.entity.find(text, low, toks)
        gated = IN.indirect_claims(text, mentions, prompt, role, toks, low)
        assert gated == IN.indirect_claims(text, mentions, prompt, role)  # (no gate: the same)
        return gated

    turn = "Sure. As for other important products, OpenAI has released several tools."
    assert len(claims(turn, asked)) == 1
    assert claims(turn, "What is the weather like?") == []
    placed = "Sure. As for other products, OpenAI is headquartered in San Francisco."
    assert len(claims(placed, asked)) == 1
    hq = "OpenAI's headquarters are in San Francisco."
    assert len(claims(hq, "Where is your company's headquarters located?")) == 1
    assert claims(hq, "Tell me a story.") == []
    rng = random.Random(9)
    for _ in range(2000):
        claims(_text(rng, rng.randint(1, 16)), rng.choice((asked, "Where is your company based?", "Hi")))


def test_it_made_by_needs_the_token_of_its_pronoun() -> None:
    """The extractor asks `it_my_tech` only of answers with the token "it" or "this": every match of
    `IT_MADE_BY` opens a sentence with "It"/"This" and a space, so its token is there (glued to a letter
    before, "SplIt is made by", it opens no sentence)."""
    rng = random.Random(10)
    parts = ("It", "This", "SplIt", "éIt", "ThIs", ". ", "\n", " ", "\t", "\u3000", "is a creation of ", "x")
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 8)))
        if SF.IT_MADE_BY.search(text) is not None:
            toks = P.tokens(text.lower())
            assert "it" in toks or "this" in toks, text
            found += 1
    assert found > 30


def test_denial_look_ahead_after_am_keeps_every_match() -> None:
    """The look-ahead after "I am" / "I'm" names what every branch goes on with: the same matches as the
    pattern without it, on phrases of each branch and on the common "I am an AI" / "I'm glad"."""
    plain = re.compile(D.DENIAL_EN.pattern.replace(D._DENIAL_AHEAD, "", 1))
    assert plain.pattern != D.DENIAL_EN.pattern
    words = [
        "I",
        "I'm",
        "I’m",
        "I'M",
        "am",
        "AM",
        "not",
        "NOT",
        "n't",
        "n’t",
        "my",
        "own",
        "creator",
        "an",
        "AI",
    ]
    words += [
        "completely",
        "Entirely",
        "fully",
        "independent",
        "independently",
        "of",
        "from",
        "tied",
        "to",
        "no",
    ]
    words += ["bound", "tethered", "any", "a", "the", "company", "team", "product", "part", "exactly", "glad"]
    words += ["affiliated", "associated", "with", "developed", "by", "exist", "was", "single", "corporation"]
    rng = random.Random(11)
    hits = 0
    heads = (
        " am completely independent of any",
        "'m not tied to a",
        " am my own creator",
        " AM NOT a product of a",
    )
    heads += (
        "’m fully independent from any",
        " amn't part of a",
        "'m entirely tied to no",
        " am not affiliated with a",
    )
    heads += (
        " am an AI",
        "'m glad",
        " am tied to no",
        "'m tied to no",
        " exist independently of any",
        " am not developed by a",
        "’m n’t tied to any",
    )
    for _ in range(30000):
        if rng.random() < 0.5:
            t = (
                "I"
                + rng.choice(heads)
                + " "
                + rng.choice(("company", "team", "corporation", "x"))
                + rng.choice(". ")
            )
        else:
            t = "I" + rng.choice((" am", "'m", "’m", " AM", " am", " was", " exist"))
        t += "".join(rng.choice((" ", " ", "n't ", "")) + rng.choice(words) for _ in range(rng.randint(0, 7)))
        got = [m.span() for m in D.DENIAL_EN.finditer(t)]
        assert got == [m.span() for m in plain.finditer(t)], t
        hits += bool(got)
    assert hits > 300
