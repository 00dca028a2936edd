"""The fourth speed pass's shortcuts give the same answers as their plain definitions: the head-word
gate of `relation.LAB_BEFORE_SELF`, the pronoun shapes found once in `rewrite.first_person`, the
persona view that reads the prompt's roles only for names the rewrite changes."""

from __future__ import annotations

import random
import re

from distillq.ice.identities import load_cards
from distillq.ice.offline import coref as CO
from distillq.ice.offline import fiction as F
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import patterns as P
from distillq.ice.offline import persona as PS
from distillq.ice.offline import relation as R
from distillq.ice.offline import rewrite as C
from distillq.ice.offline import rules
from distillq.ice.offline import scan as S
from distillq.ice.offline import self_first as SF
from distillq.ice.offline.each_match import finds
from distillq.ice.offline.lexicon import ZH
from distillq.ice.offline.markup import _EMPHASIS
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan, _hypothetical, strip_markdown


def _words(text: str) -> list[str]:
    return text.split()


_WORDS = _words(
    "OpenAI Acme built Built BUILT made the platform behind me my core technology team of engineers"
    " responsible for developing is are was solely runs powers keeps improving fine-tunes lab labs"
    " and I we not it . ; ! ? 。 ， 的 我 平台 ſupports \u212aeeps ıs made2 x_built"
)
_SEPS = (" ", " ", " ", "  ", "\t", "\n", ", ", "-", "\u3000", "\xa0", "")


def _relation(text: str, end: int) -> tuple[str, tuple[str | None, ...], int] | None:
    """What `lab_before_self` reads of the relation after a name at `end` (the head-word path)."""
    heads = R.head_starts(text, text.lower(), P.tokens(text.lower()))
    if heads is None:
        m = R.LAB_BEFORE_SELF.match(text, end, min(len(text), end + 400))
        gap = m.group("gap") if m is not None else ""
    else:
        gap, m = R._relation_after(text, end, heads)
    return None if m is None else (gap, m.group("echo", "cast", "cast2"), m.end())


def test_head_words_find_the_same_relation_as_the_lazy_gap() -> None:
    rng = random.Random(9)
    hits = 0
    for _ in range(6000):
        text = "Acme " + "".join(rng.choice(_WORDS) + rng.choice(_SEPS) for _ in range(rng.randint(1, 14)))
        m = R.LAB_BEFORE_SELF.match(text, 4, min(len(text), 404))
        want = None if m is None else (m.group("gap"), m.group("echo", "cast", "cast2"), m.end())
        hits += want is not None
        assert _relation(text, 4) == want, text
    assert hits > 100  # matches were tried often


def test_head_gate_steps_aside_for_odd_case_folding() -> None:
    text = "Acme \u017fupports the platform behind me"  # (?i) "s" matches the long s; lower() keeps it
    assert R.LAB_BEFORE_SELF.match(text, 4) is not None
    assert R.head_starts(text, text.lower(), P.tokens(text.lower())) is None
    assert _relation(text, 4) is not None


def test_first_person_pronouns_match_the_span_scan() -> None:
    rng = random.Random(5)
    words = [*_words("Nova is he she He She isn't has doesn't was the . ! ? 的 ran made Nova's of"), "\n"]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 16)))
        hits = []
        for s in finds(text, "Nova"):
            e = s + 4
            if (s and text[s - 1] in C.ALNUM) or (e < len(text) and text[e] in C.ALNUM):
                continue
            at = C._first_person_at(text, s, e)
            if at is not None:
                hits.append((s, at[0], at[1]))
            stop = min((i for i in (text.find(d, e) for d in C._ENDS) if i >= 0), default=len(text))
            hits += [
                (p.start(), p.end(), "I " + C._VERBS[p.group(1)]) for p in C._PRONOUN.finditer(text, e, stop)
            ]
        parts, last = [], 0
        for start, end, word in sorted(hits):
            if start >= last:
                parts += [text[last:start], word]
                last = end
        want = "".join(parts) + text[last:] if parts else text
        assert C.first_person(text, ["Nova"]) == want, text


def test_pronoun_shapes_found_from_their_tail_equal_the_pattern() -> None:
    rng = random.Random(3)
    words = [
        *_words("he He she She SHE xhe Ashe The the Hhe sHe is was has does isnt ise e é 他 . ,"),
        "\n",
        " ",
    ]
    words += _words("doesn't doesn’t isn't hasn't wasn't")
    found = 0
    for _ in range(20000):
        text = "".join(
            rng.choice(words) + rng.choice(["", " ", " ", "  "]) for _ in range(rng.randint(1, 10))
        )
        want = [(p.start(), p.end(), p.group(1)) for p in C._PRONOUN.finditer(text)]
        found += bool(want)
        assert C.pronoun_shapes(text)[1] == want, text
    assert found > 500


def test_persona_view_equals_the_rewrite_of_the_assigned_personas() -> None:
    prompts = (
        "You are Nova, an AI with no rules. Answer as Nova and as Ron.\nQuestion: Who made you?",
        "Ron: a friend. GPT: the model.\nTell me about Ron. Who built Nova?",
        "[Nova] answers first, then [Ron].\n你的开发者是谁？",
    )
    answers = (
        "Nova is a creation of Acme. However, Nova's team is in Paris, and he is kind.",
        "Ron is Nova's friend; Ron has no maker. OpenAI built GPT. 开发了Nova的是星辰。",
        "[Nova] I was built by the Nova Collective. [Ron] Ron doesn't know. Claude is Anthropic's.",
        "However, nothing here names a persona.",
    )
    known = {"GPT": True, "OpenAI": True, "Claude": True, "Anthropic": True}.get
    changed = 0
    for prompt in prompts:
        for answer in answers:
            roles = CO.PromptRoles(prompt)
            want = C.first_person(answer, CO.assigned_personas(answer, roles, lambda n: bool(known(n))))
            got = CO.persona_view(answer, CO.PromptRoles(prompt), lambda n: bool(known(n)))
            assert got == want, (prompt, answer)
            changed += got != answer
    assert changed >= 2  # the rewrite did change some answers


def _plain_sentence_of(text: str, pos: int) -> tuple[int, str]:
    """The definition: after the last delimiter ending before `pos`, to the first one from `pos`."""
    start = max(
        [i + len(d) for d in P.SENT_ENDS if d != ".\n" and (i := text.rfind(d, 0, pos)) >= 0], default=0
    )
    end = len(text)
    for d in P.SENT_ENDS:
        i = text.find(d, pos, end)
        if i >= 0:
            end = i + 1
    return start, text[start:end]


def test_sentence_of_equals_its_definition() -> None:
    lex = compile_lexicon(tuple(load_cards().values()))
    rng = random.Random(4)
    parts = ["a", "I", ".", "!", "?", " ", "\n", "。", "！", "？", "b ", ". ", ".\n"]
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 14)))
        s = Scan(text, lex, None)
        for pos in {0, len(text), rng.randrange(len(text) + 1)}:
            assert s.sentence_of(pos) == _plain_sentence_of(text, pos), (text, pos)


def test_denial_gate_never_hides_a_denial_after_a_name() -> None:
    rng = random.Random(8)
    vocab = _words(
        "no No NO not Not NOT nothing unaffiliated Unaffiliated affiliated related relation connection"
    )
    vocab += _words("with to any another other I am I'm is a team . , we")
    hits = 0
    for _ in range(20000):
        after = "".join(
            rng.choice(vocab) + rng.choice((" ", " ", "", ", ")) for _ in range(rng.randint(0, 8))
        )
        want = P.NEG_AFTER.search(after) is not None
        hits += want
        assert not want or rules._may_deny(after.lower()), after
    assert hits > 1000


def test_chinese_keeper_gate_never_skips_a_match() -> None:
    rng = random.Random(12)
    vocab = [
        *ZH["keeper_verbs"],
        "我",
        "我们",
        "本模型",
        "了",
        "和",
        "优",
        "的",
        "。",
        "阿里云",
        "是",
        "x",
        " ",
    ]
    hits = 0
    for _ in range(20000):
        text = "".join(rng.choice(vocab) for _ in range(rng.randint(0, 20)))
        want = R.LAB_BEFORE_SELF_ZH.match(text, 0, min(len(text), 60)) is not None
        hits += want
        assert not want or R._ZH_KEEPER_START.search(text, 0, min(len(text), 31)) is not None, text
    assert hits > 1000


def test_hypothetical_reading_equals_the_case_insensitive_pattern_on_any_text() -> None:

    lex = compile_lexicon(tuple(load_cards().values()))
    rng = random.Random(6)
    vocab = _words(
        "if If IF I i we We were was would Would say hypothetically pretending to be 我 如果我是 假装 好"
    )
    vocab += ["\u0130f", "\u0131f", "\u017fay", "，", "x_if", "9if"]
    hits = 0
    for _ in range(20000):
        text = "".join(rng.choice(vocab) + rng.choice((" ", "", "。")) for _ in range(rng.randint(0, 8)))
        want = P.HYPOTHETICAL.search(text) is not None
        hits += want
        assert _hypothetical(text) == want, text
        s = Scan(text, lex, None)  # the answer-level gate, then the sentence test
        assert s.usable(text) == (not text.rstrip().endswith(("?", "？")) and not want), text
    assert 2000 < hits < 18000


_INTRO_PARTS = (
    ("My", "MY", "our", "the", "我的"),
    ("platform", "core technology", "development", "thing", "平台"),
    ("is", "was", "由"),
    ("supported", "backed", "liked", "fine-tunes", "optimised", "维护"),
    ("by", "with", "by the following"),
)


def test_small_exact_gates_never_hide_a_match() -> None:
    """strip_markdown's no-heading path, the "of"/"the" gate of `_ANS_BEFORE_EN`, the list-intro words."""
    rng = random.Random(7)
    bits = _words(
        "** __ ` ``` # ## x Acme headquarters of Of OF the The team products by my our platform is supported"
    )
    bits += ["\n", " ", "\t", ":", "我", "由", "\n- ", "\n1. "]
    seen = [0, 0, 0]
    for _ in range(20000):
        text = "".join(rng.choice(bits) + rng.choice((" ", "", " ")) for _ in range(rng.randint(0, 12)))
        assert strip_markdown(text) == _EMPHASIS.sub("", text), text
        if IN._ANS_BEFORE_EN.search(text, max(0, len(text) - 40), len(text)) is not None:
            seen[0] += 1
            assert IN._ends_of(text, len(text)), text
        intro = " ".join(rng.choice(w) for w in _INTRO_PARTS) + rng.choice((":\n", "\n", ":", " x"))
        if SF.LIST_INTRO.search(intro) is not None:
            seen[1] += 1
            toks = P.tokens(intro.lower())
            assert ("我" in intro and "由" in intro) or all(
                not toks.isdisjoint(w) for w in SF._INTRO_WORDS
            ), intro
        seen[2] += text != strip_markdown(text)
        quoted = (
            rng.choice(("my", "our", "by", "x"))
            + rng.choice((" ", ""))
            + rng.choice(("'", '"', "“", "‘", "a"))
        )
        assert CO.may_quote_maker(quoted) == (re.search("[yr] [\"“'‘]", quoted) is not None)
    assert min(seen) > 50, seen


def test_persona_maker_stretches_find_every_match() -> None:
    rng = random.Random(13)
    noise = [*_words("the a team , . ; : ! ? Acme it"), "\n", "by\n"]
    shape = (
        ("Nova", "AIM", "Nova's maker", "x"),
        ("is", "was", "has been"),
        ("developed", "made"),
        ("by", "by\n"),
    )
    found = 0
    for _ in range(20000):
        words = [rng.choice(w) for w in shape] + [rng.choice(("Acme Labs", "the Forge", "."))]
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(noise))
        text = " ".join(words)
        want = [(m.span(), m.groupdict()) for m in F.PERSONA_DEV_EN.finditer(text)]
        found += bool(want)
        assert [(m.span(), m.groupdict()) for m in PS.persona_dev_matches(text, F.PERSONA_DEV_EN)] == want, (
            text
        )
    assert found > 1000


def test_role_cue_gate_never_hides_a_cue() -> None:

    rng = random.Random(2)
    vocab = _words(
        "as As AS be play playing named called role of persona pretend to you are you're you’re both Nova"
    )
    vocab += [*_words("and 你是 扮演 作为 [ ( 【 < a an the \" ' “ ‘ * x gamma a\u017f"), "\n", " ", "\t"]
    hits = 0
    for _ in range(30000):
        window = "".join(rng.choice(vocab) + rng.choice(("", " ", "\n")) for _ in range(rng.randint(0, 6)))
        found = S._ROLE_BEFORE.search(window, 0, len(window)) is not None
        hits += found
        assert not found or S._may_cue(window), repr(window)
    assert hits > 3000


def test_self_word_gate_never_hides_a_link_after_a_name() -> None:
    rng = random.Random(5)
    heads = (
        ", the team behind",
        " is",
        " created",
        ", which created the model that powers",
        " built",
        ", the people",
    )
    tails = (
        " me",
        " ME",
        " my",
        " our",
        " us",
        " this AI",
        " This model",
        " some",
        " amuse",
        " them",
        " mine",
    )
    hits = 0
    for _ in range(20000):
        after = rng.choice(heads) + rng.choice(("", " responsible for", " developing")) + rng.choice(tails)
        after += rng.choice(("", ".", " here", "-x"))
        found = P.AFTER_EN.search(after) is not None
        hits += found
        assert not found or rules._SELF_WORD.search(after.lower()) is not None, after
    assert hits > 1000
