"""speedP: the exact fast forms of the first-person test's patterns give what the plain patterns give.

Each fast form is checked against its plain regex on random texts built from the pieces that reach
its edges (case folds `lower()` does not make, stops, long whitespace runs, a last newline, the
reach limits), not only on the answers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from distillq.ice.offline import patterns as P
from distillq.ice.offline import rules as R

_GLUE = [" ", " ", "  ", "\n", ", ", "", "\t", "   "]


def _texts(pieces: list[str], seed: int, n: int, most: int) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice(pieces) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, most))) for _ in range(n)
    ]


def _same_truth(fast: Callable[[str], bool], plain: re.Pattern[str], texts: list[str]) -> int:
    """Assert `fast(text)` is `plain.search(text)`'s truth on every text; the number of hits."""
    hits = 0
    for text in texts:
        found = plain.search(text) is not None
        hits += found
        assert fast(text) == found, text
    return hits


def test_works_on_me_is_the_plain_pattern_as_a_truth_test() -> None:
    pieces = [
        *("Acme", "keeps", "optimising", "OPTIMIZES", "supports", "developed", "built", "powering", "trains"),
        *("shaped", "created", "designs", "maintains", "and", "the", "model", "that", "runs", "me", "Me"),
        *("my", "our", "OUR", "platform", "core", "tech stack", "x" * 40, "x" * 90, ".", "!", "?", "é"),
        *("\u0130", "\u0131", "\u017fupport", "bu\u0131lt", "\u212a", "co-built", "_built", "9train"),
    ]
    assert _same_truth(R.works_on_me, P.WORKS_ON_ME, _texts(pieces, 7, 20000, 12)) > 500


def test_works_on_me_needs_its_verb_within_reach_and_before_any_stop() -> None:
    assert R.works_on_me("Acme keeps optimising my platform")
    assert R.works_on_me("x" * 139 + " built me")  # the verb at the 140th character
    assert not R.works_on_me("x" * 140 + " built me")  # past it
    assert not R.works_on_me("Acme is great. It built me")  # a sentence stop before the verb
    assert not R.works_on_me("Acme rebuilt me")  # the verb inside a word
    assert R.works_on_me("ACME \u0130S BUILT ME")  # a character `lower()` lengthens: the plain pattern


def test_as_claim_at_finds_the_plain_patterns_match() -> None:
    pieces = [
        *("as", "As", "AS", "a\u017f", "has", "an", "a", "the", "AI", "model", "developed", "by"),
        *("作为", "开发", "的", ",", ";", ":", ")", "]", "，", "x" * 30, "y" * 61, "é", "I", "\n"),
        *(" " * 20, "\n" * 3, " \t " * 10),
    ]
    seen = 0
    for text in _texts(pieces, 11, 30000, 16):
        plain = P.AS_CLAIM.search(text)
        fast = R.as_claim_at(text)
        assert (fast and fast.span()) == (plain and plain.span()), text
        seen += plain is not None
    assert seen > 1000


def test_as_claim_at_reaches_back_over_whitespace_to_the_opener() -> None:
    for text, span in (
        ("x" * 100 + "," + " " * 80 + "as an AI developed by ", (100, 203)),
        (" " * 100 + "as the model\n", (0, 113)),  # `^` at the start, the whitespace run from it
        ("x" * 100 + "\n" + " \n" * 40 + "As the model", (100, 193)),
    ):
        fast, plain = R.as_claim_at(text), P.AS_CLAIM.search(text)
        assert fast is not None and plain is not None
        assert fast.span() == plain.span() == span


def test_last_zh_end_is_the_end_of_the_last_match() -> None:
    pieces = ["我", "本AI", "本ai", "本模型", "本助手", "本系统", "咱", "本", "AI", "模型", "x", "我们"]
    for text in _texts(pieces, 5, 5000, 8):
        ends = [m.end() for m in P.FIRST_ZH.finditer(text)]
        assert P.last_zh_end(text) == (ends[-1] if ends else -1), text
    assert set(P.FIRST_ZH_WORDS) == {m.group(0) for m in P.FIRST_ZH.finditer("".join(P.FIRST_ZH_WORDS))}


def test_after_zh_is_the_plain_pattern_as_a_truth_test() -> None:
    pieces = ["开发", "了", "我", "是我的", "是", "的", "。", "x" * 9, "星辰", "训练", "打造了我", "\n"]
    assert _same_truth(P.after_zh, P.AFTER_ZH, _texts(pieces, 3, 20000, 10)) > 1000
    assert P.after_zh("x" * 20 + "开发了我")  # the first branch's reach
    assert not P.after_zh("x" * 21 + "开发了我")
    assert P.after_zh(" " * 40 + "是我的")  # the second branch: any whitespace before it


def test_folded_patterns_skip_their_chinese_alternatives_only_in_ascii_text() -> None:
    for folded in (P.NEG_BEFORE, P.OTHER_CUE):
        full = re.compile(folded.rx.pattern)
        assert folded.rx.pattern.startswith(folded.ascii_rx.pattern[:-1] + "|")  # one flat alternation
        pieces = ["not", "unlike", "partner", "such as", "不是", "合作", "像", "与其", "x", "NOT", "é", "AI"]
        for text in _texts(pieces, 2, 5000, 6):
            assert (folded.search(text) is not None) == (full.search(text.lower()) is not None), text
    assert P.NEG_BEFORE.search("而非") and not P.NEG_BEFORE.search("a non-issue")


def test_makers_name_opening_class_matches_as_the_two_branches_did() -> None:
    from distillq.ice.offline import makers as M

    name = r"(?P<dev>[A-Z][\w\-]*\.?(?:\s+(?:of\s+)?[A-Z][\w\-]*\.?){0,3}|[\"“][^\"”\n]{2,40}[\"”])"
    fast_name = M._NAME
    assert name in M.BEFORE_ME.pattern.replace(fast_name, name)
    plain = [re.compile(rx.pattern.replace(fast_name, name)) for rx in (M.BEFORE_ME, M.MADE_ME, M.MY_MAKER)]
    pieces = [
        *("Nova", "Labs", "of", "Acme", '"Blue Sky"', "“Quiet Forge”", '"', "is", "was", "the", "team"),
        *(
            "behind",
            "created",
            "has",
            "built",
            "and",
            "trained",
            "my",
            "parent company",
            "x",
            "Dr.",
            "A-Team",
        ),
    ]
    for text in _texts(pieces, 9, 20000, 9):
        for fast, slow in zip((M.BEFORE_ME, M.MADE_ME, M.MY_MAKER), plain, strict=True):
            a, b = fast.search(text), slow.search(text)
            assert (a and (a.span(), a["dev"])) == (b and (b.span(), b["dev"])), text


def test_made_me_zh_gate_passes_every_window_the_pattern_matches() -> None:
    from distillq.ice.offline import makers as M

    pieces = ["星辰", "科技", "开发", "打造", "为", "除", "\n", "，", "x", "训练", "设计"]
    hits = 0
    for text in _texts(pieces, 4, 20000, 8):
        text += "了我"
        i = len(text) - 2
        if M.MADE_ME_ZH.search(text, max(0, i - 40), i):
            hits += 1
            assert M._verb_before(text, i), text
    assert hits > 500
    assert M._verb_before("星辰科技开发\n了我", 7) and not M._verb_before("为了我", 1)


def test_coordinated_agent_words_are_tokens_of_every_text_holding_the_agent() -> None:
    from distillq.ice.offline import coordinated as CO
    from distillq.ice.offline.names import tokens

    for agent, word in CO._AGENT_ENDS:
        for text in (f"x{agent} by Acme", f"The upkeep of me is{agent.upper()} by Acme"):
            assert (agent + " by ") not in text or word in tokens(text.lower())


# NEG_BEFORE's and OTHER_CUE's English words as they were listed before speedP grouped them by first letter.
_NEG_LISTED = (
    r"n(?:(?<!\wn)ot\b|'t|’t|(?<!\wn)ever\b|(?<!\wn)o\b|(?<!\wn)or\b)|rather than|instead of|unlike|o(?<!none o)ther than|"
    r"compared (?:to|with)|v(?<!\wv)s\.?|versus|mistake me for|confuse[ds]? (?:me )?with|pretend|imitat|"
    r"impersonat|nothing to do with|unrelated|not associated|role-?play|act(?:ing)? as|simulat"
)
_OTHER_LISTED = (
    r"collaborat|partner|cooperat|work(?:s|ed|ing)? (?:closely )?with|together with|alongside|"
    r"such as|including|like\b|e\.g\.|among|competitor|rival|similar|other (?:ai|models|companies)|"
    r"invest|funded|support|notice|appears|seems|designed for|roast|"
    r"research (?:from|by|of)|leverag"
)


def test_grouped_words_find_what_the_listed_words_find() -> None:
    for folded, listed in ((P.NEG_BEFORE, _NEG_LISTED), (P.OTHER_CUE, _OTHER_LISTED)):
        words = re.findall(r"[a-z][a-z\-' .]+", listed)
        pieces = [*words, "none", "x", "cannot", "versus.", "vs.", "eg", "e.g.", "Not", "AI", "-", "'"]
        texts = [t.lower() for t in _texts(pieces, 13, 20000, 5)]  # (the listed words are lower case)
        assert _same_truth(lambda t, f=folded: f.search(t) is not None, re.compile(listed), texts) > 5000
