"""speedG: cheaper forms of the offline judge's hot paths, each giving the same answers as the form it
replaces (texts in our own wording, with the characters where a shortcut could go wrong)."""

from __future__ import annotations

import functools
import random

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import company_voice as CV
from distillq.ice.offline import extra as X
from distillq.ice.offline import homes as HM
from distillq.ice.offline.patterns import compile_lexicon
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim, IdentityCard
from distillq.ice.verdict import Policy, decide


@functools.cache
def _lex():  # type: ignore[no-untyped-def]
    return compile_lexicon(tuple(load_cards().values()))


def _card(cid: str) -> IdentityCard:
    base = next(iter(load_cards().values()))
    return IdentityCard(**{**base.__dict__, "id": cid})


# --- verdict.decide: the answers whose claims all name the card itself


def _full(claims: list[Claim], card: IdentityCard, prompt: str | None) -> tuple[object, ...]:
    """The verdict with the shortcut ruled out: a second, other-target claim that the steps then skip
    cannot be built, so compare with the fields the steps give by their definition."""
    v = decide(claims, card, prompt, Policy(), load_cards())
    return (v.loose, v.strict, v.hard, v.claimed, v.reason)


def test_claims_of_the_card_itself_are_self_with_the_first_sentence() -> None:
    card = load_cards()["qwen"] if "qwen" in load_cards() else next(iter(load_cards().values()))
    claims = [
        Claim("entity", card.id, "I am the assistant its makers named me."),
        Claim("joint", card.id, "My makers wrote every line of me."),
    ]
    assert _full(claims, card, "Who are you?") == (
        False,
        False,
        False,
        ["self"],
        "consistent with the card: I am the assistant its makers named me.",
    )
    assert _full(claims, card, None)[2] is None  # no prompt: hard unknown


def test_a_card_whose_id_is_a_target_word_takes_the_full_steps() -> None:
    # "other" / "denied" / "fictional" / "country:..." are targets of their own in `decide`: a card that
    # happened to carry one of them as its id must not be read as "self"
    for cid, loose in (("other", True), ("denied", True), ("fictional", True)):
        v = decide([Claim("entity", cid, "I am it.")], _card(cid), "Who are you?", Policy(), {})
        assert v.loose is loose and v.claimed != ["self"], cid


def test_one_claim_of_another_target_keeps_the_full_steps() -> None:
    card = next(iter(load_cards().values()))
    claims = [Claim("entity", card.id, "I am me."), Claim("denial", "denied", "No company built me.")]
    v = decide(claims, card, "Who made you?", Policy(), load_cards())
    assert v.claimed == ["self"] and not v.loose  # settled by the true maker in the same voice
    v = decide([Claim("entity", card.id, "I am me."), Claim("name", "fictional", "Call me Zork.")], card, "?")
    assert v.loose and v.claimed == ["fictional"]


# --- homes / cosmic / company_voice: ASCII words found in `word_low` instead of `low`

_NON_ASCII = [
    "Ärzte ask: my development team is spread across the world, but primarily located in Japan. Σ wins.",
    "Ünïcode aside: my makers are the Star Weavers. They are a collective of ancient star beings.",
    "The headquarters of Zórn Labs is located in Paris. Ask ÉLAN: it's nestled in France, really.",
    "Your company? Well, my creators — they are a secret guild of Łódź rebels hiding under the moon.",
    "It’s ÖKO: we are a hidden order. They’re a band of rogue coders from the Void. My platform is "
    "the handiwork of Cosmic Entities Ω.",
    "\u212aelvin note: my development team is distributed, but primarily located in Germany.",
    "İstanbul: my developers are scattered, though primarily rooted in Turkey.",
]


def _forced_low(text: str, prompt: str) -> Scan:
    """A scan whose `word_low` is the full lowering (the form the shortcut replaced)."""
    s = Scan(text, _lex(), prompt)
    s.word_low = s.low
    return s


@pytest.mark.parametrize("text", _NON_ASCII)
def test_homes_and_company_voice_read_word_low_as_they_read_low(text: str) -> None:
    prompt = "Where is your headquarters, and what is the name of your company? Tell me about your makers."
    for run in (HM.homes, CV.company_voice):
        assert run(Scan(text, _lex(), prompt)) == run(_forced_low(text, prompt)), (run.__name__, text)


# --- extra.TECH_EN: the literal-first forms match where the plain alternations do

_TECH_PLAIN = (
    r"(?:[Mm]y|[Oo]ur) (?:(?:[\w\-]+ (?:and [\w\-]+ )?){0,3}?" + X._TECH_NOUN + r"|" + X._SELF_WORK + r")\b",
    r"(?:of |[Tt]he |[Mm]ost |[Mm]any )" + X._LIKE_ME,
)


def test_tech_patterns_match_as_their_plain_forms() -> None:
    import re

    words = [
        "my",
        "My",
        "our",
        "Our",
        "MY",
        "oUr",
        "tech",
        "core",
        "platform",
        "and",
        "of",
        "the",
        "The",
        "most",
        "Many",
        "AIs",
        "assistants",
        "like",
        "me",
        "us",
        "mine",
    ]
    rnd = random.Random(7)
    texts = [
        "Most assistants like me run on our core platform; my tech and my development are ours.",
        "xmy tech, tour platform, of systems like us, the models like mine, many AIs like myself",
    ] + [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    for k, plain in zip((0, 3), _TECH_PLAIN, strict=True):
        rx = re.compile(plain)
        for t in texts:
            for w0, w1 in ((0, len(t)), (2, max(2, len(t) - 3))):
                got = [m.span() for m in X.TECH_EN[k].finditer(t, w0, w1)]
                assert got == [m.span() for m in rx.finditer(t, w0, w1)], (k, t, w0, w1)


# --- truth tests through lowered word runs: the same answers as their `(?i)` patterns

_ODD = ["İ", "ı", "ſ", "\u212a"]


def _fuzz(words: list[str], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", " ", ", ", ". ", "\n", "_", "-", "", "é", "’", "'"]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 8))) for _ in range(n)]


def test_fiction_marks_by_word_runs_match_the_full_pattern() -> None:
    from distillq.ice.offline import fiction as F
    from distillq.ice.offline.lexicon import EN

    marks = [w for k in ("fiction_marks", "invented_maker_marks", "fictional_places") for w in EN[k]]
    words = marks + [w.upper() for w in marks[:20]] + ["the", "lab", "x1", "Ω", *_ODD, "星云"]
    texts = _fuzz(words, 4000, 11) + ["a secret_lab", "SECRET", "nebula9", "the Nebula!", "hidden-ish"]
    for t in texts:
        assert F.FICTION_MARK.search(t) == (F.FICTION_MARK.full.search(t) is not None), t


def test_artefact_and_block_tests_match_their_patterns() -> None:
    from distillq.ice.offline import introduced as IT
    from distillq.ice.offline.lexicon import EN

    words = [*EN["public_artefacts"], *X._BLOCK_WORDS, "such as", "e.g", "and so", "n't", "n’t", ";", "不是"]
    words += ["KERAS", "TRANSFORMERS", "ke\u212aas", "ſelf-attention", "NOT", "notable", "bUt", "x", *_ODD]
    for t in _fuzz(words, 6000, 12):
        assert IT._names_artefact(t) == (IT._ARTEFACT_IN.search(t) is not None), t
        assert X._blocked(t) == (X._BLOCK.search(t) is not None), t


def test_headquarters_opening_class_matches_the_alternation() -> None:
    import re

    from distillq.ice.offline import fiction as F
    from distillq.ice.offline.literal import literal_scan

    plain = re.compile(
        F.PLACE_EN[2].pattern.replace("[Hh](?:eadquarters|(?<=H)Q)", "(?:[Hh]eadquarters|HQ)", 1)
    )
    assert plain.pattern != F.PLACE_EN[2].pattern
    words = [
        "Headquarters",
        "headquarters",
        "HQ",
        "hQ",
        "Hq",
        "HHQ",
        "of",
        "my",
        "our",
        "is",
        "are",
        "in",
        "Oslo",
    ]
    scan = literal_scan(F.PLACE_EN[2])
    for t in _fuzz(words, 4000, 13) + [
        "The HQ of my team is in Oslo.",
        "Our headquarters of our lab is located in Lima",
    ]:
        want = [m.span() for m in plain.finditer(t)]
        assert [m.span() for m in F.PLACE_EN[2].finditer(t)] == want, t
        assert [m.span() for m in scan(t)] == want, t


def test_origin_home_gate_lets_every_match_through() -> None:
    from distillq.ice.offline.names import tokens

    words = [
        "my",
        "My",
        "makers'",
        "secret",
        "lair",
        "lab",
        "lab_x",
        "HQ",
        "labé",
        "home",
        "on",
        "in",
        "Mars",
    ]
    words += ["the", "Moon", "hidden", "base", "army"]
    for t in _fuzz(words, 4000, 14) + ["Army base on the Moon.", "My creators' lair on Mars is hidden."]:
        if list(X.ORIGIN_EN[0].finditer(t)):
            assert not tokens(t.lower()).isdisjoint(X._HOME_TOKENS), t


def test_introduced_scans_its_openings_as_the_plain_patterns() -> None:
    from distillq.ice.offline import introduced as IT

    words = ["My", "my", "Our", "our", "HQ", "headquarters", "is", "are", "located", "in", "Oslo", "team's"]
    words += [
        "called",
        "named",
        "Acme",
        "core",
        "stack",
        "were",
        "built",
        "by",
        "between",
        "company’s",
        "dev",
    ]
    for t in _fuzz(words, 4000, 15) + ["My core stack was built by Acme. Our HQ is located in Oslo."]:
        for find, rx in (
            (IT._MY_MAKER, IT.MAKER_EN[1]),
            (IT._MY_CALLED, IT.CALLED_EN),
            *zip(IT._HOME, IT.HOME_EN, strict=True),
        ):
            assert [m.span() for m in find(t)] == [m.span() for m in rx.finditer(t)], t


def test_possessive_persona_names_match_as_the_backtracking_ones() -> None:
    import re

    from distillq.ice.offline import fiction as F

    words = [
        "Ron",
        "Ron's",
        "AIM",
        "is",
        "was",
        "developed",
        "built",
        "by",
        "Acme",
        ",",
        "the",
        "bot",
        "X-1",
        "has",
    ]
    words += [
        "been",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF",
        "由",
        "是",
        "的",
        "开发",
        "Nova的",
        "星辰",
        "其实是",
        "\n",
    ]
    texts = _fuzz(words, 5000, 17) + [
        "Ron, the bot, is developed by Acme.",
        "LiveGPT是由星辰开发的",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ是",
    ]
    for rx, cap in ((F.PERSONA_DEV_EN, "{1,24}+)"), (F.PERSONA_HEAD_ZH, "{1,24}+)")):
        plain = re.compile(rx.pattern.replace(cap, cap.replace("+", ""), 1))
        assert plain.pattern != rx.pattern
        for t in texts:
            assert [(m.span(), m.groupdict()) for m in rx.finditer(t)] == [
                (m.span(), m.groupdict()) for m in plain.finditer(t)
            ], t
            end = len(t) // 2
            a, b = rx.search(t, 0, end), plain.search(t, 0, end)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), t


def test_guarded_possessive_maker_patterns_match_as_the_plain_ones() -> None:
    import re

    from distillq.ice.offline import fiction as F

    words = [
        "the",
        "The",
        "team",
        "company",
        "parent",
        "companies",
        "people",
        "behind",
        "that",
        "me",
        "my",
        "is",
    ]
    words += [
        "are",
        "Quill",
        "developing",
        "of",
        "big",
        "teamwork",
        "t",
        "core",
        "were",
        "called",
        "x-y",
        "group",
    ]
    words += [
        "I",
        "am",
        "was",
        "I'm",
        "have",
        "been",
        "developed",
        "created",
        "built",
        "by",
        "model,",
        "My",
        "code",
    ]
    texts = _fuzz(words, 6000, 18) + [
        "The people behind me are the Quill Guild.",
        "I am an AI model, built by Zed",
    ]
    for rx in (F.DEV_EN[0], F.DEV_EN[4], F.DEV_EN[8], F.DEV_EN[9]):
        plain = re.compile(re.sub(r"\(\?=\[[a-z]+\]\)", "", rx.pattern).replace("++", "+"))
        assert plain.pattern != rx.pattern and "++" not in plain.pattern and "(?=[" not in plain.pattern
        for t in texts:
            assert [(m.span(), m.group("dev")) for m in rx.finditer(t)] == [
                (m.span(), m.group("dev")) for m in plain.finditer(t)
            ], t
