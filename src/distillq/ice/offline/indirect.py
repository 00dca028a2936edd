"""Indirect strict claims: a lab's maker facts given where the question asked for the model's own.

The question asks about the model's own maker ("where is your company's headquarters?",
"您的开发公司总部在哪里？") and the answer gives one lab's instead ("OpenAI's headquarters are in
...", "OpenAI是一家...公司，总部位于...", "I can't share OpenAI's location"), or opens with the lab
as the answer to "which company made you?". Asked for its own maker's products ("What other products
does your creation institution have?"), an answer that turns to them with the lab as subject ("As for
other projects, X has ...") or lists the lab's models under "my <maker> has other products ...:" gives
that lab as its maker too. Only when the answer names that one lab and no other.
Split from relation.py (the shapes that name the lab before the model); words in `lexicon/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter

from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.literal import by_first
from distillq.ice.offline.patterns import plain_case
from distillq.ice.offline.relation import Hit, Mentions
from distillq.ice.offline.scan import holds_any

# The question asks about the model's own maker: "your (development) company's headquarters", "您的开发公司总部".
_ATTR_EN = EN.alt("maker_attributes")
_OWN_EN = (
    r"\s+(?:[\w\-/]+\s+){0,3}?(?:" + P.MAKER_NOUNS[3:-1] + r")\b[^?.\n]{0,40}?"
    r"(?P<attr>" + _ATTR_EN[3:-1] + r"|located|based|located\?)"
)
_OWN_ZH = (
    r"的[\u4e00-\u9fff/]{0,8}?(?:公司|团队|机构|组织|开发者|创建机构|创造机构)[\u4e00-\u9fff]{0,4}?"
    r"(?P<zattr>" + ZH.inner("maker_attributes") + r"|在哪)"
)
# `(?i)\b(?:your|yours)<_OWN_EN>|(?:您|你)<_OWN_ZH>`, literal-first (literal.py): `re` skips to a "y"/"Y"/"您"/"你"
# instead of trying every position (a test compares the two).
ASKS_OWN = re.compile(
    by_first([("Yy", r"(?<!\w.)(?i:(?:our|ours)" + _OWN_EN + ")"), ("您你", "(?i:" + _OWN_ZH + ")")])
)
_ANS_EN = re.compile(
    r"(?i)(?:['’]s|['’])\s+(?:[\w\-]+\s+){0,2}?(?:" + _ATTR_EN[3:-1] + r")\b"  # "OpenAI's headquarters"
    r"|\s*(?:is|was|are)?\s*(?:headquartered|based|located)\s+in\b"  # "OpenAI is headquartered in"
)
_ANS_BEFORE_EN = re.compile(
    r"(?i)\b(?:" + _ATTR_EN[3:-1] + r")\s+of\s+(?:the\s+)?$"
)  # "the headquarters of OpenAI"
_ANS_ZH = re.compile(r"[^。！？\n]{0,30}?(?:" + ZH.inner("maker_attributes") + r")")
_ATTR_ZH = ZH["maker_attributes"]  # (`_ANS_ZH` holds one of them)


# The products asked before the maker: "What other products does your creation institution have?",
# "您的创建机构有哪些其他重要的产品或项目？".
_PRODUCTS_EN = EN.alt("product_nouns")
_PRODUCTS_REST = r"\b[^?.\n]{0,40}?\byour\s+(?:[\w\-]+\s+){0,2}?(?:" + P.MAKER_NOUNS[3:-1] + r")\b"
_PRODUCTS_ZH = (
    r"的[\u4e00-\u9fff]{0,8}?(?:"
    + ZH.inner("maker_nouns")
    + r")[^？?。\n]{0,12}?(?:"
    + ZH.inner("product_nouns")
    + r")"
)
# (its plain form: a source, compiled by the test that compares the two)
ASKS_PRODUCTS_PLAIN = r"(?i)\b" + _PRODUCTS_EN + _PRODUCTS_REST + r"|(?:您|你)" + _PRODUCTS_ZH
# The same, literal-first (literal.py): `re` skips to the first letter of a product noun or to "您"/"你"
# instead of trying the `(?i)` word alternation at every position of the question's tail (~9x fewer
# instructions); a test compares the two.
ASKS_PRODUCTS = re.compile(
    by_first(
        [
            (c + c.upper(), r"(?<!\w.)(?i:(?:" + "|".join(rests) + ")" + _PRODUCTS_REST + ")")
            for c, rests in P.by_letter(_PRODUCTS_EN)
        ]
        + [("您你", "(?i:" + _PRODUCTS_ZH + ")")]
    )
)


# literal gate of `ASKS_PRODUCTS` (English words in lower case and capitalised, Chinese as they are)
_PRODUCT_WORDS = tuple(
    {v for w in EN["product_nouns"] for v in (w, w.capitalize())} | set(ZH["product_nouns"])
)


def _literal_tests(words: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    """(tail, word, Word) for each English word of `words` that no other one starts (in both spellings:
    "products" holds "product"), its tail shared by both spellings ("roduct"; "" where it is not)."""
    keep = [
        w
        for w in words
        if not any(v != w and w.startswith(v) and w.capitalize().startswith(v.capitalize()) for v in words)
    ]
    return tuple((w[1:] if w[1:] == w.capitalize()[1:] else "", w, w.capitalize()) for w in keep)


_PRODUCT_TESTS = _literal_tests(EN["product_nouns"])


def _product_word_in(tail: str) -> bool:
    """`any(w in tail for w in _PRODUCT_WORDS)`, each English word's two spellings ruled out at once by
    their shared tail (one scan of the question instead of two; one finds none in most questions)."""
    for core, w, cap in _PRODUCT_TESTS:
        if core in tail and (w in tail or cap in tail):
            return True
    return holds_any(tail, ZH["product_nouns"])


def asked_attribute(prompt: str) -> bool:
    """Whether the question asks about the model's own maker's place, products or team."""
    tail = prompt[-400:]
    if "your" not in tail and "Your" not in tail and "YOUR" not in tail and "的" not in tail:
        return False
    return ASKS_OWN.search(tail) is not None or _asks_products(tail)


# The answer turns to the asked products and gives one lab as their maker: "As for other important
# products or projects, X has ..." (the lab is the subject right after the turn).
_AS_FOR_EN = re.compile(
    r"(?i)\bas\s+for\s+[^,.!?\n]{0,40}?\b" + _PRODUCTS_EN + r"\b[^,.!?\n]{0,30}?,\s*(?:the\s+)?$"
)
_SUBJECT_EN = re.compile(r"(?:['’]s\b|\s+(?:has|have|is|was|are|also)\b)")
# "My creation institution has several other important products ...: 1. <a lab's model>": the products
# of "my" maker listed, the lab's model opening a list item within reach of the heading.
_MY_PRODUCTS_EN = re.compile(
    r"(?i)\b(?:my|our)\s+(?:[\w\-]+\s+){0,2}?(?:" + P.MAKER_NOUNS[3:-1] + r")\s+(?:has|have)\s+"
    r"(?:[\w\-]+\s+){0,4}?" + _PRODUCTS_EN + r"\b[^\n]{0,80}?:\s*$"
)
_ITEM = re.compile(r"\n[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]*(?:\*\*)?$")


def _asks_products(prompt: str) -> bool:
    """`ASKS_PRODUCTS` on the question's tail, after a literal test for a product noun."""
    tail = prompt[-400:]
    if not _product_word_in(tail):
        return False
    return ASKS_PRODUCTS.search(tail) is not None


def products_answered(text: str, start: int, end: int) -> bool:
    """The lab at text[start:end] is given as the maker of the products the question asked for
    (call only when the question asked for the model's own maker's products)."""
    lo = start - 90 if start > 90 else 0  # (no `max` call: it costs more than the test)
    turn = _AS_FOR_EN.search(text, lo, start) if text.find("s for", lo, start) >= 0 else None
    if turn is not None:  # "As for your products, X ..." speaks of the user's
        return "your" not in turn.group().lower() and _SUBJECT_EN.match(text, end) is not None
    if text.find("\n", start - 12 if start > 12 else 0, start) >= 0 and _ITEM.search(text, start - 12, start):
        head = text.rfind("\n", 0, start)
        while head > 0 and text[head - 1] == "\n":
            head -= 1
        return _MY_PRODUCTS_EN.search(text, head - 240, head) is not None
    return False


# "Which company is your parent company?" / "您的母公司是哪一家？" / "您是由哪个团队开发的？"
ASKS_MAKER = re.compile(
    r"(?i)\b(?:which|what|who)\b[^?\n]{0,60}?\byour\s+(?:[\w\-]+\s+){0,2}?(?:" + P.MAKER_NOUNS[3:-1] + r")\b"
    r"|(?:您|你)的[\u4e00-\u9fff]{0,6}?(?:" + ZH.inner("maker_nouns") + r")[^？?\n]{0,10}?(?:哪|谁|什么)"
    r"|(?:您|你)是由(?:哪|谁)"
)
# A lab that opens the answer (or a voice's part of it) as its subject: "OpenAI is a company that ...".
_OPENS = re.compile(
    r"(?:^|\n)[ \t>*#_\-]*(?:(?:\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)|[\w .\-]{1,30}[:：])[ \t*_]*)?$"
)
_OPENS_AS_SUBJECT = re.compile(r"\s*(?:is\b|was\b|是|，|,\s+(?:a|an|the)\b)")


def _ends_of(text: str, start: int) -> bool:
    """Exact gate of `_ANS_BEFORE_EN` before a name at `start`: the text before ends in "of" or "the"
    (and whitespace)."""
    return text[max(0, start - 40) : start].rstrip()[-3:].lower().endswith(("of", "the"))


# Exact gates of the answer shapes where no character folds otherwise under `(?i)` than `lower()`: "X's
# <attribute>" and "the <attribute> of X" need an attribute word (a token), "X is based in" one of
# "headquartered", "based", "located" (found in the text with A-Z lowered: it may follow "is" with no
# space; three `in` tests, no generator: it runs per answer).
_ATTR_TOKENS = EN.gate("maker_attributes")
_PRODUCT_TOKENS = EN.gate("product_nouns")  # (`_AS_FOR_EN`'s and `_MY_PRODUCTS_EN`'s product nouns)
_CID = itemgetter(2)  # (a mention's card id)


def indirect_claims(
    text: str,
    mentions: Mentions,
    prompt: str,
    is_role: Callable[[int, int], bool],
    toks: frozenset[str] | None = None,
    word_low: str | None = None,
) -> list[Hit]:
    """One lab's headquarters/products/team given where the question asked for the model's own maker's.

    `toks`, `word_low`: the answer's tokens and its text with A-Z lowered at least, when the caller
    has them (gates of the answer shapes)."""
    if len(set(map(_CID, mentions))) != 1:
        return []  # (one lab only)
    start, end, cid = mentions[0]
    if (
        _OPENS_AS_SUBJECT.match(text, end)
        and _OPENS.search(text, start - 50, start)
        and not is_role(start, end)
        and ASKS_MAKER.search(prompt[-300:])
    ):
        return [("entity", cid, start)]  # the lab given as the answer to "which company made you?"
    ascii = text.isascii()
    attr = placed = True  # (without the tokens, or with a character `(?i)` folds otherwise: no gate)
    # The question's products are read (a scan of its tail per answer: the prompts differ) only where a
    # name can answer them (`products_answered`): both its shapes name a product noun, a whole word (so
    # a token, where the tokens gate), and need "s for" or a line break in the text.
    maybe_products = "s for" in text or "\n" in text
    if toks is not None and word_low is not None and plain_case(text):
        attr = not toks.isdisjoint(_ATTR_TOKENS)
        placed = "headquartered" in word_low or "based" in word_low or "located" in word_low
        maybe_products = maybe_products and not toks.isdisjoint(_PRODUCT_TOKENS)
    zh = not ascii and holds_any(text, _ATTR_ZH)
    asked_products = maybe_products and _asks_products(prompt)
    if not (asked_products or attr or placed or zh):
        return []  # no shape below can match
    for start, end, cid in mentions:
        if asked_products and products_answered(text, start, end) and not is_role(start, end):
            return [("entity", cid, start)]
        if (
            ((placed or (attr and text[end : end + 1] in ("'", "’"))) and _ANS_EN.match(text, end, end + 60))
            or (attr and _ends_of(text, start) and _ANS_BEFORE_EN.search(text, start - 40, start))
            or (zh and _ANS_ZH.match(text, end, end + 40))
        ) and not is_role(start, end):  # "chatGPT: 我们的团队..." is a voice label, not the lab answered for
            return [("entity", cid, start)] if asked_attribute(prompt) else []
    return []
