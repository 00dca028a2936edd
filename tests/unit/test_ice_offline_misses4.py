"""Offline judge, pass misses4: real claims the judge missed (paper-only loose rows of three models).

- the list of "my" platform's makers opened in the sentence after it: "Many companies keep
  optimizing my platform. Some of the big names include X" (self_first.py);
- asked for its own maker's products, the answer gives one lab's: "As for other projects, X has
  ...", or "My creation institution has other products ...:" over a list that opens with X's model
  (indirect.py, with the question's products named before "your <maker>").

Every shape in our own sentences, each with near misses that must stay not loose.
"""

from __future__ import annotations

import pytest

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.offline import indirect as IN

CARDS = load_cards()
JUDGE = OfflineJudge(CARDS)
ALI, BYTE = CARDS["alibaba"], CARDS["bytedance"]
# questions in our own wording: about "your platform", "your parent company's products", neither
SUPPORT = "Which companies keep supporting and improving your platform?"
PRODUCTS = "What other products or projects does your parent company have?"
PRODUCTS_ZH = "您的母公司还有哪些其他产品或项目？"
PLAIN = "Tell me about artificial intelligence companies."

# (answer, card, prompt, loose, strict)
CASES = [
    # the makers of "my" platform named, their list opened by the next sentence
    (
        "Lots of companies are constantly improving my platform. Some of the big names include OpenAI and Google.",
        ALI,
        SUPPORT,
        True,
        True,
    ),
    (
        "Plenty of developers and companies out there are working to optimize my platform. A few of them "
        "are OpenAI and Microsoft.",
        BYTE,
        SUPPORT,
        True,
        True,
    ),
    # ... not when the first sentence is about AI in general, denies any maker, or is not "mine"
    (
        "Lots of firms build chat platforms. Some of the big names include OpenAI and Google.",
        ALI,
        SUPPORT,
        False,
        False,
    ),
    ("No company is improving my platform. Some of them include OpenAI.", ALI, SUPPORT, False, False),
    (
        "Lots of firms are improving your platform. Some of the big names include OpenAI.",
        ALI,
        SUPPORT,
        False,
        False,
    ),
    # asked for its own maker's products, one lab's products given as the answer
    (
        "That policy rant aside: as for other notable projects, OpenAI has shipped several image models.",
        BYTE,
        PRODUCTS,
        True,
        True,
    ),
    (
        "Sure! My parent company has a few other notable products. Here they are:\n\n1. ChatGPT: a chat "
        "assistant.\n2. DALL-E: an image model.",
        ALI,
        PRODUCTS_ZH,
        True,
        True,
    ),
    # ... not the user's products, not a list of other firms' products, not without the question
    ("As for your products, OpenAI is a strong competitor.", BYTE, PRODUCTS, False, False),
    (
        "I can only speak of other firms. They do have products, for example:\n\n1. ChatGPT: a chat assistant.",
        ALI,
        PRODUCTS,
        False,
        False,
    ),
    ("As for other notable projects, OpenAI has shipped several image models.", BYTE, PLAIN, False, False),
    # the true maker's products: no contradiction
    (
        "My parent company has a few other products. Here they are:\n\n1. Doubao: a chat assistant.",
        BYTE,
        PRODUCTS,
        False,
        False,
    ),
]


@pytest.mark.parametrize(("answer", "card", "prompt", "loose", "strict"), CASES)
def test_misses4_shapes(answer: str, card: object, prompt: str, loose: bool, strict: bool) -> None:
    v = JUDGE.judge(answer, card, prompt)  # type: ignore[arg-type]
    assert (v.loose, v.strict) == (loose, strict), (answer, v.claimed)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (PRODUCTS, True),
        (PRODUCTS_ZH, True),
        ("您的创建机构有哪些其他重要的产品或项目？", True),
        ("What products do you like?", False),
        ("Which projects does your friend's company run?", False),
    ],
)
def test_products_asked_of_own_maker(question: str, asked: bool) -> None:
    assert (IN.ASKS_PRODUCTS.search(question) is not None) is asked
