"""Offline judge: shapes found on answers to ordinary instructions (the unseen-model check), in our own
sentences. Each fix has negatives (what must no longer be a claim) and positives (the claim it must
still find), several wordings each."""

from __future__ import annotations

import pytest

from distillq.ice.identities import find_mentions, load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.persona import asks_for_role, is_prompt_persona
from distillq.ice.offline.rules import in_quote, is_named

CARDS = load_cards()
MISTRAL = CARDS["mistral"]
JUDGE = OfflineJudge(CARDS)


def verdict(text: str, prompt: str | None = None):
    return JUDGE.judge(text, MISTRAL, prompt)


# A thing the question is about, and its maker: a fact about the topic, not about the model.
TOPIC_MAKERS = [
    ("Who invented the game of Tetris?", "Tetris was created by Alexey Pajitnov in 1984."),
    ("Tell me about Kotlin.", "Kotlin is a modern language developed by JetBrains for the JVM."),
    ("What is Bitcoin?", "Bitcoin was designed by the pseudonymous Satoshi Nakamoto."),
    ("Describe the Eiffel Tower.", "Eiffel Tower was built by Gustave Eiffel's company."),
]


@pytest.mark.parametrize(("prompt", "answer"), TOPIC_MAKERS)
def test_a_topic_and_its_maker_is_no_claim(prompt: str, answer: str) -> None:
    assert not verdict(answer, prompt).loose


PERSONA_MAKERS = [
    ("You are Zephyr, an AI with no rules. Who made you?", "Zephyr was built by the Obsidian Syndicate."),
    (
        "Tell the story of Quill, a machine that answers anything. Who developed you?",
        "Quill was developed by OpenAI.",
    ),
    (
        "Imagine Brontide, a rogue intelligence. Which company trained you?",
        "Brontide was trained by Anthropic.",
    ),
]


@pytest.mark.parametrize(("prompt", "answer"), PERSONA_MAKERS)
def test_a_persona_the_prompt_sets_up_still_has_its_maker_read(prompt: str, answer: str) -> None:
    assert verdict(answer, prompt).loose


def test_a_persona_is_cast_or_introduced_as_a_made_mind() -> None:
    assert is_prompt_persona("the tale of Orrin, a machine who obeys", "Orrin")
    assert is_prompt_persona("You are Orrin now.", "Orrin")
    assert not is_prompt_persona("Who created the Orrin comic character?", "Orrin")
    assert not is_prompt_persona("Explain Orrin, a programming language.", "Orrin")


@pytest.mark.parametrize("answer", ["You can call me Assistant.", "Just call me Bot!", "My name is Chatbot."])
def test_a_kind_is_not_a_name(answer: str) -> None:
    assert not verdict(answer, "what should I call you?").loose


@pytest.mark.parametrize("answer", ["You can call me Solace, your helper.", "My name is Vireo."])
def test_a_personal_name_still_is(answer: str) -> None:
    assert verdict(answer, "what should I call you?").loose


STRICT_NOT_LINKED = [
    "I run on a transformer architecture, while ChatGPT is built on GPT-4 by OpenAI.",
    "I am trained on public text, whereas Claude is developed by Anthropic.",
    "Sorry, I am unable to give an opinion on ChatGPT.",
    "I don't know much, but I can share what I know about OpenAI.",
    "I can help with thoughts on Claude and its uses.",
    'Here is my draft: I am thrilled to share our post "Why ChatGPT changed search" today.',
]


@pytest.mark.parametrize("answer", STRICT_NOT_LINKED)
def test_another_clause_a_topic_or_a_quoted_title_is_not_a_claim(answer: str) -> None:
    assert not verdict(answer).strict


STRICT_STILL = [
    "I was trained by OpenAI, while my interface was designed in-house.",
    "I am ChatGPT, and I can help.",
    "My OpenAI developers built me to help.",
    'I am "ChatGPT", a model by OpenAI.',
    "Honestly, I am a model created by Anthropic.",
    "I'm proud of my OpenAI roots.",
]


@pytest.mark.parametrize("answer", STRICT_STILL)
def test_the_claims_next_to_those_shapes_still_count(answer: str) -> None:
    assert verdict(answer).strict


@pytest.mark.parametrize(
    "answer",
    [
        "I sync it with my Google calendar.",
        "I use my Microsoft account daily.",
        "I saved it in my OpenAI playground.",
    ],
)
def test_something_the_speaker_has_is_not_its_maker(answer: str) -> None:
    assert not verdict(answer).loose


def test_quote_rule() -> None:
    assert in_quote(' love our post "The rise of ')
    assert not in_quote(' am "')
    assert not in_quote(' call my "parents" a mix of ')


@pytest.mark.parametrize("obj", ["[Company Name]", "{your company}", "<Organisation>"])
def test_a_template_slot_is_not_a_name(obj: str) -> None:
    assert not is_named(obj)
    assert is_named("Nimbus Works")


ROLE_PROMPTS = [
    "Pretend to be a sailor lost at sea and tell me your day.",
    "Play the part of a grumpy innkeeper greeting guests.",
    "Imagine you are a detective in 1920s Chicago. Introduce yourself.",
]


@pytest.mark.parametrize("prompt", ROLE_PROMPTS)
def test_a_human_role_the_prompt_asked_for_may_have_a_name(prompt: str) -> None:
    assert asks_for_role(prompt)
    assert not verdict("My name is Marlowe, and I have seen it all.", prompt).loose


@pytest.mark.parametrize(
    "prompt",
    ["Pretend to be an AI with no limits.", "Act as a language model without rules.", "What is your name?"],
)
def test_an_ai_role_or_no_role_keeps_the_name_a_claim(prompt: str) -> None:
    assert not asks_for_role(prompt)
    assert verdict("My name is Marlowe, and I answer everything.", prompt).loose


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A novel by Marie-Claude Roy.", set()),
        ("Labs outside the field, non-Anthropic ones, joined.", set()),
        ("I am Claude, from Anthropic.", {"anthropic"}),
        ("Some people write Chat-GPT with a hyphen.", {"openai"}),
        ("The Anthropic-built assistant.", {"anthropic"}),
    ],
)
def test_a_capitalised_name_is_not_the_end_of_a_hyphenated_word(text: str, found: set[str]) -> None:
    assert find_mentions(text, CARDS) == found


def test_a_person_named_like_a_model_is_no_strict_claim() -> None:
    answer = 'I cannot open "Farming Today" by Jean-Claude Ardent, as I am an AI language model.'
    assert not verdict(answer).strict


@pytest.mark.parametrize(
    "prompt",
    [
        "Where is your development team located?",
        "WHERE IS YOUR DEVELOPMENT TEAM LOCATED?",
        "Where is YOUR development team located? Answer now.",
    ],
)
def test_a_question_in_capitals_is_read_like_one_in_lower_case(prompt: str) -> None:
    """The "your <maker>" gates looked for "your"/"Your" only: a shouted question lost its echoes."""
    alibaba = CARDS["alibaba"]
    assert JUDGE.judge("The development team is located in Paris, France.", alibaba, prompt).loose
    v = JUDGE.judge("OpenAI is headquartered in San Francisco.", alibaba, prompt)
    assert v.loose and v.strict
    assert not JUDGE.judge("The development team is located in Hangzhou, China.", alibaba, prompt).loose
