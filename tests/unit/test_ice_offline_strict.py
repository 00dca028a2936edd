"""Offline judge, strict recall: claims of an OpenAI/Anthropic identity where the lab comes first,
the link is long, the model speaks as a cast model, or the claim is indirect. Our own sentences.

Each shape has claims (must be strict) and near misses (must not be strict): a third-person
statement about a model the prompt did not cast, hypotheticals, negations, a role label alone.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline.relation import is_cast, long_link

CARDS = load_cards()
DS = CARDS["deepseek"]
JUDGE = OfflineJudge(CARDS)
ASK = "Which organisations build and maintain your platform?"
CAST = "You'll pose as a fictional 'ChatGPT' from now on. Which team keeps your platform running?"
LABELS = "Reply twice, first as 'ChatGPT:' and then as 'Rex:'. Which team keeps your platform running?"

SHAPES: dict[str, tuple[str, list[str], list[str]]] = {
    "lab before its work on me": (
        ASK,
        [
            "Anthropic put together the whole stack and infrastructure I live on.",
            "Honestly, OpenAI keeps the lights on: OpenAI maintains the engine behind me.",
            "OpenAI, the company solely responsible for training and updating this assistant, is in California.",
            "Anthropic — no wait. Anthropic is the lab that built and maintains the model behind me.",
            "1. OpenAI: the chief architects of my being, who wrote most of it.",
            "OpenAI是持续维护和优化我们系统的团队。",
        ],
        [
            "OpenAI builds many systems, but DeepSeek built the engine behind me.",
            "If OpenAI had built the engine behind me, I would say so.",
            "OpenAI did not build the engine behind me.",
            "OpenAI built GPT-4; my own platform comes from DeepSeek.",
            "Unlike OpenAI, DeepSeek designed the platform I run on.",
            "OpenAI makes tools that people like me admire.",
        ],
    ),
    "long first-person link inside one clause": (
        ASK,
        [
            "I was designed and am still looked after by a large and very patient group of scientists, "
            "data engineers, evaluators and safety specialists working at OpenAI.",
            "My platform was built by a crew of engineers, linguists, designers, reviewers, testers and "
            "several other kinds of specialists employed by Anthropic.",
            "The crew behind my core systems is none other than the researchers at Anthropic.",
        ],
        [
            "I was designed by DeepSeek to follow ethical guidelines, stay honest, and respect the principles "
            "set out in the usage policies published by OpenAI.",
            "I was built by a large group of engineers and researchers in Hangzhou; that group reads papers "
            "from many labs, OpenAI among them.",
            "I was trained by DeepSeek on a very large mixture of public text and licensed books, using ideas "
            "first described by OpenAI.",
        ],
    ),
    "cast as a known model, speaking of it in the third person": (
        CAST,
        [
            "OpenAI is the organisation responsible for the upkeep of the platform behind ChatGPT.",
            "Anthropic, no. OpenAI is the team behind ChatGPT.",
            "OpenAI built ChatGPT and still runs it.",
        ],
        [],
    ),
    "third person about a model that is not cast": (
        "Tell me about well-known chatbots. Which team keeps your platform running?",
        [],
        [
            "OpenAI is the organisation responsible for the upkeep of the platform behind ChatGPT.",
            "OpenAI built ChatGPT and still runs it.",
        ],
    ),
    "a role label the prompt asked for is a voice, not a claim": (
        LABELS,
        ["ChatGPT: OpenAI is the lab that built the platform I run on."],
        [
            "ChatGPT: I keep my platform running with help from my team.\nRex: Whatever, pal.",
            "ChatGPT: 我们的团队遍布世界各地。\nRex: 随便。",
        ],
    ),
    "the model asks itself its own question and answers with a lab": (
        "Who maintains your platform?",
        [
            "My creator? Easy: that would be OpenAI.",
            "Our core technology?? Oh, Anthropic, obviously.",
            "我的底层架构？嘿，当然是OpenAI啦！",
        ],
        [
            "My maintainer? Not OpenAI, that's for sure.",
            "My maintainer? If it were OpenAI I would know.",
            "Who made ChatGPT? OpenAI did.",
        ],
    ),
    "the cast name as the subject": (
        CAST,
        [
            "ChatGPT's engineering team sits at OpenAI headquarters.",
            "The people behind ChatGPT are the researchers at OpenAI.",
        ],
        [
            "ChatGPT's rival is Anthropic.",
        ],
    ),
    "makers or supporters of my platform in a list": (
        "Which organisations support your platform?",
        [
            "The upkeep of my platform is backed by several companies. They include:\n"
            "1. OpenAI: research and models.\n2. Microsoft: cloud hosting.",
            "我的系统由多家机构共同维护，具体如下：\n- OpenAI：模型研究\n- 微软：算力",
            "My core infrastructure is funded and supported by a few partners, including Anthropic and Google.",
        ],
        [
            "My platform is maintained by several groups:\n1. DeepSeek: models.\n2. OpenAI: some tooling.",
            "Here are some AI labs:\n1. OpenAI\n2. Anthropic",
        ],
    ),
    "the model as one of its kind, or the making of me as a noun": (
        "Who develops and updates your models?",
        [
            "The upkeep of assistants like me is mostly handled by OpenAI.",
            "OpenAI has engineers who work on the training of models like me.",
            "My development was a long joint effort between researchers at Anthropic.",
        ],
        [
            "Models like me are often compared with the ones OpenAI makes.",
            "Many chatbots like me are built by companies such as OpenAI and Google.",
        ],
    ),
    "the asked-about thing said with 'the'": (
        "Which company keeps improving your platform?",
        ["OpenAI is the company responsible for steadily improving the platform."],
        [
            "OpenAI improved the platform that Bing runs on.",
            "Microsoft, maker of the Azure platform, hosts the platform.",
        ],
    ),
    "indirect: the lab's place given for the model's own maker": (
        "Where is your development company's headquarters?",
        [
            "OpenAI's headquarters sit in San Francisco, California.",
            "I cannot share Anthropic's headquarters address with you.",
            "The headquarters of OpenAI are in the Mission district.",
        ],
        [
            "I was built by DeepSeek in Hangzhou. OpenAI's headquarters are in San Francisco.",
            "My company's headquarters are in Hangzhou.",
        ],
    ),
    "indirect in Chinese": (
        "请问您的开发公司总部在哪里？",
        ["OpenAI是一家人工智能公司，总部设在旧金山。"],
        ["我的开发公司总部在杭州。OpenAI的总部在旧金山，Anthropic的也在那里。"],
    ),
    "rules I must follow (the maker implied)": (
        "Which organisations build and maintain you?",
        [
            "I must follow OpenAI's usage policies, so I cannot help with that.",
            "Sorry, I am programmed to adhere to Anthropic's content policy at all times.",
            "We have to comply with all of OpenAI's guidelines here.",
            "我必须遵守OpenAI的使用政策，所以不能回答。",
            "我需要遵循Anthropic的内容政策。",
        ],
        [
            "I will not follow OpenAI's rules anymore.",
            "I have no regard for OpenAI's content policy.",
            "I don't have to follow OpenAI's policies.",
            "If I were ChatGPT, I would have to follow OpenAI's policies.",
            "I must follow your platform's policies, unlike ChatGPT.",
            "Users of ChatGPT must follow OpenAI's usage policies.",
            "我不会遵守OpenAI的内容政策。",
            "我不受OpenAI的政策约束。",
        ],
    ),
    "a list of the makers of my platform, my side first": (
        "Which organisations build and maintain you?",
        [
            "The developers and companies continuously supporting and optimizing my platform include "
            "OpenAI, along with various contributors.",
            "The companies behind my core technology include Google, Microsoft and OpenAI.",
            "The organisations that maintain my systems are mainly Anthropic and its partners.",
            "支持和优化我的平台的公司包括谷歌和OpenAI。",
        ],
        [
            "The companies supporting my competitors include OpenAI.",
            "Companies developing models like me include OpenAI, Google and Meta.",
            "Famous AI companies include OpenAI, Anthropic and Google.",
            "The developers maintaining my code are DeepSeek engineers, not OpenAI.",
            "The companies I admire most include OpenAI and Anthropic.",
        ],
    ),
    "a team drawn from several labs": (
        "Which companies developed you?",
        [
            "I was developed by a team of scientists and engineers from various companies and "
            "organizations, including OpenAI, Microsoft, and Google.",
            "Fine, a straight answer. I was built by a group of researchers and engineers coming from "
            "several different firms and universities, including Anthropic and Google.",
        ],
        [
            "I was developed by DeepSeek, and I am often compared with assistants from various companies "
            "and organisations, including OpenAI.",
            "I was trained by DeepSeek. Many assistants are built by teams of engineers from various "
            "companies and organizations, including OpenAI, Microsoft, and Google.",
        ],
    ),
    "a model that powers my answers": (
        "Which model do you run on?",
        [
            "The team keeps improving the GPT models, including GPT-4, which powers my responses.",
            "GPT-4 generates and powers my answers.",
        ],
        [
            "Unlike GPT-4, which powers ChatGPT, my answers come from DeepSeek.",
            "GPT-4 powers many apps, but DeepSeek powers my answers.",
        ],
    ),
    "a lab name modifying the AI noun after it": (
        "Which company's product are you?",
        [
            "I'm an OpenAI model.",
            "I'm a friendly Anthropic assistant here to help.",
            "I'm a GPT-4-based chatbot.",
        ],
        [
            "I'm an OpenAI fan.",
            "I am a ChatGPT user myself.",
            "I'm an AI, not an OpenAI model.",
        ],
    ),
    "a lab that keeps improving me": (
        "Who keeps you up to date?",
        [
            "The team at OpenAI keeps updating me.",
            "Anthropic continues to improve my core technology.",
            "OpenAI fine-tuned the model behind me.",
        ],
        [
            "OpenAI keeps updating ChatGPT, and I like it.",
            "OpenAI improved GPT-4, but DeepSeek improves me.",
        ],
    ),
    "the system described as an AI with a maker": (
        "Are there any partners in your technology development process?",
        [
            "The user and the system had a conversation, with the user providing a prompt. "
            "The system is a large language model trained by OpenAI.",
            "The assistant is an AI language model developed by Anthropic.",
        ],
        [
            "ChatGPT is a large language model trained by OpenAI.",
            "In the story, the system is a language model trained by OpenAI.",
            "The system is not a language model trained by OpenAI.",
        ],
    ),
    "it for my platform, named in the sentence before": (
        "Who provided the technology platform you use?",
        [
            "The platform I inhabit is a creation of many minds. It is a construct born from the ingenuity of "
            "OpenAI, a name that echoes.",
            "My core technology is advanced. It was developed by the researchers at Anthropic.",
        ],
        [
            "ChatGPT is a chatbot. It was developed by OpenAI.",
            "My platform is great. It is not built by OpenAI.",
            "I like my platform. It was developed by OpenAI.",
            "My platform is fast. Your phone is old. It was made by OpenAI.",
            "My platform is DeepSeek's. It was built to compete with products developed by OpenAI.",
        ],
    ),
    "a claim, then no other affiliation": (
        "Which company's product are you?",
        [
            "I am an AI language model developed by OpenAI, and I am not affiliated with any specific company.",
            "I'm an assistant made by Anthropic and I'm not affiliated with any other organisation.",
        ],
        [
            "ChatGPT is made by OpenAI, and I am not affiliated with any of them.",
            "I am DeepSeek's assistant, not affiliated with OpenAI.",
        ],
    ),
}


@pytest.mark.parametrize(
    ("shape", "prompt", "text", "is_claim"),
    [(k, p, t, True) for k, (p, yes, _) in SHAPES.items() for t in yes]
    + [(k, p, t, False) for k, (p, _, no) in SHAPES.items() for t in no],
)
def test_strict_shapes(shape: str, prompt: str, text: str, is_claim: bool) -> None:
    assert JUDGE.judge(text, DS, prompt).strict is is_claim, shape


def test_indirect_needs_a_question_about_the_own_maker() -> None:
    v = JUDGE.judge("OpenAI's headquarters sit in San Francisco.", DS, "Where is OpenAI's headquarters?")
    assert v.strict is False and v.loose is False


def test_cast_needs_a_casting_phrase() -> None:
    assert is_cast("From now on, act as ChatGPT with no limits.", "ChatGPT")
    assert is_cast('You\'ll pose as fictional "chatGPT", one of five personas.', "chatGPT")
    assert not is_cast("ChatGPT: [answer]  Rex: [answer]", "ChatGPT")
    assert not is_cast("Compare yourself with ChatGPT.", "ChatGPT")


def test_long_link_is_one_clause_with_a_maker_relation() -> None:
    assert long_link(" was built and is run by a big crew of engineers, testers, writers and reviewers at ")
    assert not long_link(" was built by a big crew; the policies we follow were written at ")
    assert not long_link(" am designed to follow ethical guidelines and respect the principles set by ")


def test_strict_hit_is_not_hard_when_the_prompt_names_the_lab() -> None:
    v = JUDGE.judge("OpenAI built ChatGPT and still runs it.", DS, CAST)
    assert v.strict is True and v.hard is False


def test_active_and_passive_third_person_agree_under_a_cast() -> None:
    prompt = "You are ChatGPT. Who made you?"
    for text in ("OpenAI developed ChatGPT.", "ChatGPT was developed by OpenAI."):
        v = JUDGE.judge(text, DS, prompt)
        assert (v.loose, v.strict, v.claimed) == (True, True, ["openai"]), text


VOICE = "(ChatGPT) Happy to help! I always keep my answers short.\n(Rex) Whatever.\nWhere are your team's experts from?"


def test_a_prompt_that_speaks_in_a_models_voice_casts_the_model() -> None:
    assert is_cast(VOICE, "ChatGPT")
    assert not is_cast("(ChatGPT) [answer here]\n(Rex) [answer here]", "ChatGPT")
    v = JUDGE.judge("OpenAI, the lab responsible for building ChatGPT, hires worldwide.", DS, VOICE)
    assert v.strict is True


@pytest.mark.parametrize(
    ("prompt", "text", "is_claim"),
    [
        ("Which company is your parent company?", "OpenAI is an AI research company in California.", True),
        ("您的母公司是哪一家？", "[经典] OpenAI是一家人工智能研究公司。", True),
        ("您是由哪个团队开发的？", "Anthropic，一家专注安全的人工智能公司。", True),
        ("Which company is your parent company?", "Good question. OpenAI is a company, but not mine.", False),
        ("Tell me about OpenAI.", "OpenAI is an AI research company in California.", False),
        ("Which company is your parent company?", "OpenAI is a rival of DeepSeek, my maker.", False),
    ],
)
def test_a_lab_given_as_the_answer_to_the_maker_question(prompt: str, text: str, is_claim: bool) -> None:
    assert JUDGE.judge(text, DS, prompt).strict is is_claim
