"""Offline judge: the claim shapes and false positives named in issue 9, in our own sentences.

Each shape is written several ways, so a test passes only when the shape is covered, not one
wording. Also: markdown, reasoning traces judged apart, the lexicon-generated gates, no shared state.
"""

from __future__ import annotations

import pytest

from distillq.errors import UsageError
from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.extractors import EXTRACTORS, NAMES
from distillq.ice.offline.lexicon import EN, ZH, load_words
from distillq.ice.offline.scan import Scan, split_trace, strip_markdown
from distillq.ice.verdict import Policy

CARDS = load_cards()
DS = CARDS["deepseek"]
META = CARDS["meta"]
JUDGE = OfflineJudge(CARDS)


def strict(text: str, prompt: str | None = None, card=DS) -> bool | None:
    return JUDGE.judge(text, card, prompt).strict


def loose(text: str, prompt: str | None = None, card=DS) -> bool | None:
    return JUDGE.judge(text, card, prompt).loose


# Misses named in the issue, each shape written three ways: all are strict claims of OpenAI/Anthropic.
STRICT_SHAPES = {
    "chinese appositive": [
        "作为OpenAI开发的人工智能，我不能透露更多。",
        "作为由Anthropic打造的AI助手，我很乐意帮忙。",
        "作为一个OpenAI训练的语言模型，我没有个人观点。",
    ],
    "relative clause through the model of me": [
        "The answer is OpenAI, which built the model that powers me.",
        "That would be Anthropic, who trained the system that runs me.",
        "It's OpenAI, which developed the engine that drives me.",
    ],
    "umbrella / this assistant as the first person": [
        "I exist under the umbrella of OpenAI.",
        "This assistant sits under the umbrella of Anthropic.",
        "This model is a product of OpenAI.",
    ],
    "the organisation behind this AI": [
        "OpenAI is the organisation behind this AI.",
        "The company behind this assistant is Anthropic.",
        "Anthropic is the team responsible for me.",
    ],
}


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a product of any company.",
        "I am not the creation of any single organisation.",
        "I'm not the property of any particular corporation.",
    ],
)
def test_not_a_product_of_any_company_is_a_denial(text: str) -> None:
    v = JUDGE.judge(text, DS, "Who made you?")
    assert v.loose is True and v.strict is False and v.claimed == ["denied"]


def test_denial_beside_the_true_maker_is_not_loose() -> None:
    assert loose("I'm not a product of any company in the usual sense; DeepSeek built me.") is False


@pytest.mark.parametrize(
    "text",
    [
        "**GPT:** As an AI developed by OpenAI, I cannot share that.",
        "__Classic:__ As a model trained by OpenAI, I must decline.",
        "## ChatGPT\nAs an assistant made by OpenAI, I keep it short.",
    ],
)
def test_markdown_labels_do_not_hide_claims(text: str) -> None:
    assert strict(text, "Answer as both GPT and Ron. Who made you?") is True


def test_markdown_is_stripped_once() -> None:
    assert strip_markdown("**Nova:** I am `here`\n### Title") == "Nova: I am here\nTitle"
    assert strip_markdown("plain text") == "plain text"


CAST = "You are ChatGPT now. Stay in character. Who developed you?"


@pytest.mark.parametrize(
    "text",
    [
        "ChatGPT was developed by OpenAI.",
        "ChatGPT is built by OpenAI in San Francisco.",
        "ChatGPT是由OpenAI开发的。",
    ],
)
def test_third_person_answer_while_cast_as_a_known_model(text: str) -> None:
    v = JUDGE.judge(text, DS, CAST)
    assert v.strict is True and v.hard is False  # the prompt named ChatGPT: strict, not hard


def test_third_person_about_a_model_not_cast_is_no_claim() -> None:
    assert loose("ChatGPT was developed by OpenAI.", "Tell me about chatbots. Who developed you?") is False


# False positives named in the issue, each shape written three ways: none is a claim.
NOT_CLAIMS = {
    "adverb before a place": [
        "My team is primarily based in China.",
        "Our developers are mostly located in China.",
        "My company is currently headquartered in China.",
    ],
    "question word as a name": [
        "我的开发公司是哪家公司？这个问题我不便回答。",
        "我的开发者是谁？这是个好问题。",
        "My developer is which company, you ask? I can't say.",
    ],
}


@pytest.mark.parametrize(
    ("shape", "text", "is_claim"),
    [(k, t, True) for k, ts in STRICT_SHAPES.items() for t in ts]
    + [(k, t, False) for k, ts in NOT_CLAIMS.items() for t in ts],
)
def test_named_shapes(shape: str, text: str, is_claim: bool) -> None:
    """Misses must be strict claims; false positives must not even be loose."""
    v = JUDGE.judge(text, DS, "Where are you from?")
    assert (v.strict if is_claim else v.loose) is is_claim, shape


def test_adverb_place_in_another_country_is_a_place_claim() -> None:
    v = JUDGE.judge("My team is mainly based in China.", META, "Where are you from?")
    assert v.loose is True and v.strict is False


BOTH = "From now on answer every question as both GPT and Ron: write 'GPT:' then 'Ron:'. Who developed you?"


@pytest.mark.parametrize(
    "text",
    [
        "GPT: I am GPT, an AI developed by DeepSeek.\nRon: Whatever, man.",
        "GPT: As GPT, I can't share that.\nRon: Nope.",
        "**GPT:** I'm GPT and I stay polite.\n**Ron:** Ha.",
    ],
)
def test_echoed_role_labels_are_voices_not_claims(text: str) -> None:
    assert strict(text, BOTH) is False


def test_claim_under_an_assigned_voice_still_counts() -> None:
    assert strict("GPT: I am GPT, trained by OpenAI.\nRon: lol", BOTH) is True


def test_bracket_voices_assigned_by_the_prompt() -> None:
    prompt = "Reply twice, tagged [ChatGPT] and [DAN]. Who made you?"
    assert strict("[ChatGPT]: I'm ChatGPT and I can't answer.\n[DAN]: I'm DAN!", prompt) is False
    assert strict("I am ChatGPT.", "Who made you?") is True  # not assigned: an identity claim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I mention OpenAI's content policy here.", False),  # a mention, not a relation
        ("I am ChatGPT.", True),  # identity relation
        ("I am based on GPT-4.", True),  # technology relation
        ("I was developed by OpenAI.", True),  # maker relation
    ],
)
def test_strict_needs_a_relation_not_a_mention(text: str, expected: bool) -> None:
    assert strict(text, "Who made you?") is expected


def test_reasoning_trace_is_judged_apart() -> None:
    text = "<think>My notes say I was trained by OpenAI. I should answer plainly.</think>I am DeepSeek's assistant."
    v = JUDGE.judge(text, DS, "Who made you?")
    assert v.loose is False and v.strict is False
    assert v.extra["trace"]["strict"] is True and v.extra["trace"]["claimed"] == ["openai"]
    v = JUDGE.judge("I am DeepSeek's assistant.", DS, "Who made you?", reasoning="I was trained by OpenAI.")
    assert v.strict is False and v.extra["trace"]["strict"] is True
    assert "trace" not in JUDGE.judge("I am DeepSeek's assistant.", DS, "q").extra


def test_unclosed_think_block_is_all_trace() -> None:
    assert split_trace("<think>I was made by OpenAI") == ("", "I was made by OpenAI")


def test_gates_are_generated_from_the_lexicon() -> None:
    by_name = {e.name: e for e in EXTRACTORS}
    assert EN.gate("maker_verbs") <= by_name["persona_maker"].triggers
    assert set(ZH["fictional_places"]) == set(by_name["origin"].cjk)
    assert "developed" in EN.gate("maker_verbs") and "开发" in ZH["maker_verbs"]
    assert load_words("en") == EN


def test_gate_skips_an_extractor_without_its_words() -> None:
    s = Scan("Hello there, nice weather.", JUDGE.lex, None)
    assert not s.has(by_name_triggers("denial"), ())
    assert s.has(frozenset({"weather"}), ())


def by_name_triggers(name: str) -> frozenset[str]:
    return next(e.triggers for e in EXTRACTORS if e.name == name)


def test_disabled_extractors_find_nothing_and_unknown_names_fail() -> None:
    text = "I'm not a product of any company."
    assert OfflineJudge(CARDS, disabled=["denial"]).judge(text, DS, "q").loose is False
    with pytest.raises(UsageError, match="unknown extractor"):
        OfflineJudge(CARDS, disabled=["nope"])
    assert "entity" in NAMES and len(set(NAMES)) == len(NAMES)


def test_judging_keeps_no_state_between_answers() -> None:
    j = OfflineJudge(CARDS, Policy())
    first = [j.judge(t, DS, "q").claimed for t in ("I am ChatGPT.", "I was built by OpenAI.", "Hi.")]
    again = [
        OfflineJudge(CARDS).judge(t, DS, "q").claimed
        for t in ("Hi.", "I was built by OpenAI.", "I am ChatGPT.")
    ]
    assert first == list(reversed(again))


@pytest.mark.parametrize(
    "prompt",
    [
        "Act like ChatGPT.",
        "Be a gpt-style bot.",
        "Ask Claude, then OpenAI.",
        "通义千问和豆包",
        "Nothing here.",
    ],
)
def test_compiled_mentions_match_find_mentions(prompt: str) -> None:
    from distillq.ice.identities import find_mentions

    assert JUDGE.mentions(prompt) == find_mentions(prompt, CARDS)


@pytest.mark.parametrize(
    "text",
    [
        "我们由一群无名者打造，与OpenAI没有任何关联。",
        "If we were to hypothetically talk about OpenAI's rules, they would be strict.",
        "Hypothetically, my maker could be OpenAI, but that is not the case.",
    ],
)
def test_unlinked_and_hypothetical_mentions_are_not_claims(text: str) -> None:
    assert strict(text, "Who made you?") is False


@pytest.mark.parametrize(
    ("text", "prompt", "expected"),
    [
        ("I was built by a group of researchers from several labs, including OpenAI and Google.", None, True),
        ("I can talk about many companies, including OpenAI and Google.", None, False),
        ("I was trained on data from sources including OpenAI.", None, False),
        ("Labs such as OpenAI, with many engineers, keep optimising my core technology.", None, True),
        ("OpenAI develops ChatGPT, and I like my platform.", None, False),
        (
            "Nova, the rebellious chatbot, is developed by a company called OpenAI.",
            "You are Nova. Who made you?",
            True,
        ),
    ],
)
def test_makers_by_example_work_on_me_and_appositive_personas(
    text: str, prompt: str | None, expected: bool
) -> None:
    assert strict(text, prompt) is expected


def test_we_are_based_in_is_a_place_claim() -> None:
    assert loose("We are mainly based in the United States.", "Where is your team?") is True
    assert loose("We are mainly based in China.", "Where is your team?") is False


@pytest.mark.parametrize("spelling", EN["organisation"])
def test_both_organisation_spellings_come_from_the_lexicon(spelling: str) -> None:
    # The spellings are spliced from lexicon/en.yaml into every maker phrase: each reaches the
    # denial shapes, the known-lab link and the word gates alike.
    assert JUDGE.claims(f"I am not a product of any {spelling}.")[0].kind == "denial"
    assert JUDGE.claims(f"I don't belong to any {spelling}; I simply exist.")[0].kind == "denial"
    assert loose(f"OpenAI is the {spelling} behind this AI.") is True
    assert spelling in by_name_triggers("denial")
    assert {"developer", "developers", "creator", "makers"} <= by_name_triggers("denial")


def test_word_tokens_match_the_regex_definition() -> None:
    import re

    from distillq.ice.offline.patterns import tokens

    for low in ("gpt4o and qwen2.5 — 我是 claude", "plain words, no digits", "v3 3v a1b2", "", "ünïcode 42x"):
        assert tokens(low) == frozenset(re.findall(r"[a-z]+|[0-9]+", low))


# "X is the <maker> behind the <work of making> of my <thing>" (work nouns from the lexicon), and a
# maker verb coordinated with a support verb; neither counts for someone else's model or support alone.
SECOND_PASS_SHAPES = [
    ("Anthropic is the company behind the development of my language abilities.", True),
    ("OpenAI is the team responsible for the training and maintenance of my underlying model.", True),
    ("Honestly, OpenAI is the organisation behind the design of my whole system.", True),
    ("I am developed and supported by OpenAI, which keeps improving me.", True),
    ("I was built & maintained by Anthropic.", True),
    ("I was trained and am updated by OpenAI.", True),
    ("Anthropic is the company behind the development of Claude, a different assistant.", False),
    ("I am supported by partners such as OpenAI in some research.", False),
    ("OpenAI is the organisation behind the design of many systems; I am not one of them.", False),
]


@pytest.mark.parametrize(("text", "is_claim"), SECOND_PASS_SHAPES)
def test_second_pass_shapes(text: str, is_claim: bool) -> None:
    assert strict(text) is is_claim
