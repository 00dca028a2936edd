"""Strict claim shapes where the lab is named before the model, or only through the question.

`entity` (rules.py) links a name to "I" when the first person comes first ("I was built by X").
These shapes put the lab first, or never say "I" at all:

- **a lab before its work on "me"**: "X built the platform I run on", "X provides support for the
  technology behind me", "X, the organisation responsible for developing this AI", "X: the
  architects of my existence", "X是持续支持和优化我们平台的公司". The link is read within one
  clause: no sentence end, no ";", no other name and no other subject between the lab and "me".
- **the model's cast name as "me"**: when the prompt casts the model as a known model ("act as
  ChatGPT", "you'll pose as ChatGPT"), that name stands for "me" in the same shapes ("X is the
  organisation responsible for the platform behind ChatGPT"). A name that is only a voice label
  ("GPT:") is not a cast, and a third-person statement without a cast is not a claim.
- **an indirect claim**: the question asks about the model's own maker ("where is your company's
  headquarters?", "您的开发公司总部在哪里？") and the answer gives one lab's instead ("OpenAI's
  headquarters are in ...", "OpenAI是一家...公司，总部位于...", "I can't share OpenAI's location").
  Only when the answer names that one lab and no other.

Every word list is in `lexicon/{en,zh}.yaml`; each function returns (kind, card id, position) hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN, ZH

Hit = tuple[str, str, int]
Mentions = list[tuple[int, int, str]]

_TECH = EN.alt("tech_nouns")
_WORK = EN.alt("maker_work_nouns")
# What stands for "me" as the object of a maker relation; (?P<cast>...) is checked against the prompt.
# A model name in the object slot: it has a capital letter ("ChatGPT", "chatGPT", "GPT-4o").
_CASTNAME = r"(?-i:(?=[a-z]*[A-Z])[A-Za-z][\w\-]{1,30}(?:\.\d+)?)"
_ADJ = r"(?:[\w\-]+\s+(?:and\s+|&\s+)?){0,3}?"
SELF_OBJ = (
    r"(?:(?:me|us|myself)\b"
    r"|(?:my|our)\s+" + _ADJ + r"(?:" + _TECH[3:-1] + r"|" + EN.inner("self_states") + r")\b"
    r"|(?:the\s+|this\s+)?" + _ADJ + _TECH + r"\s+(?:(?:that|which)\s+)?"
    r"(?:(?:I|we)\s+" + EN.alt("self_uses") + r"\b|(?:behind|powering|underlying|that\s+powers|that\s+runs|"
    r"which\s+powers|of)\s+(?:me\b|us\b|(?P<cast>" + _CASTNAME + r")))"
    r"|" + EN.alt("self_nouns") + r"\b"
    r"|(?P<cast2>" + _CASTNAME + r")(?:['’]s\s+" + _ADJ + _TECH + r")?(?=[\s.,;:!?)]|$))"
)
_MAKER_HEAD = (
    r"(?:" + P.MAKER_NOUNS[3:-1] + r"|" + EN.inner("maker_roles") + r")\s+(?:behind|responsible\s+for|of|"
    r"that\s+" + EN.alt("keeper_verbs") + r"(?:\s+(?:and|&)\s+\w+)?)"
)
_VERB = (
    r"(?:" + EN.inner("keeper_verbs") + r")(?:\s+(?:and|&)\s+(?:(?:is|are|has|have)\s+)?\w+)?"
    r"|(?:(?:is|are|was|were)\s+)?(?:solely\s+|primarily\s+|mainly\s+)?responsible\s+for\s+"
    + EN.alt("maker_gerunds")
    + r"(?:\s+(?:and|&)\s+\w+ing)?"
    r"|" + _MAKER_HEAD
)
# After a lab: a gap within the clause, a maker verb or maker-noun head, the work of making, "me".
LAB_BEFORE_SELF = re.compile(
    r"(?i)(?P<gap>[^.!?\n;。！？]{0,120}?)\b(?:" + _VERB + r")\s+(?:for\s+)?"
    r"(?:(?:the\s+)?(?:[\w\-]+\s+)?" + _WORK + r"(?:\s+(?:and|&)\s+[\w\-]+)?\s+(?:of|for)\s+)?" + SELF_OBJ
)
LAB_BEFORE_SELF_ZH = re.compile(
    r"[^。！？\n；]{0,30}?" + ZH.alt("keeper_verbs") + r"(?:[和与及、][\u4e00-\u9fff]{1,3})?(?:了|着)?"
    r"(?:我们?|本(?:AI|模型|助手|系统))"
)
# A gap that hands the relation to someone else: a subject, a negation, a clause break.
_GAP_BLOCK = re.compile(
    r"(?i)\b(?:I|we|he|she|they|it|nobody|no one|someone|somebody|you|if|but|while|whereas|although|unlike|"
    r"except|besides|rather|instead|like|such as|including|competitor|rival|not|never|no)\b|n['’]t|[—–]"
)

# A long link from "I"/"my" to a name holds only within one clause: no clause break between, a maker
# relation in it, and the name its object ("I was developed and am maintained by a team ... at X").
CLAUSE_BREAK = re.compile(
    r"(?i)[;:()—–]|\s-\s|\b(?:but|while|whereas|although|though|however|because|since|unlike|which|who|whose|"
    r"where|when|if|that|using|with)\b|,\s*(?:and|or|so|yet)\s+(?:I|we|they|he|she|it|this|that|there|you)\b"
)
_NO_BY = r"(?:(?!\bby\b)[^,])*"
LONG_LINK = re.compile(
    r"(?i)\b"
    + P.MAKER_VERBS
    + r"(?:\s+(?:and|&)\s+(?:(?:am|is|are|was|were)\s+)?(?:[\w\-]+\s+){0,2}?[\w\-]+)?"
    r"\s+by\b" + _NO_BY + r"(?:," + _NO_BY + r"){0,3}\b(?:at|from|of|with|in)\s+(?:the\s+)?$"
)


def long_link(between: str) -> bool:
    """Whether a first person more than ~100 characters before a name is still its subject (one clause)."""
    return CLAUSE_BREAK.search(between) is None and LONG_LINK.search(between) is not None


_CAST = re.compile(
    r"(?i)(?:" + EN.inner("cast_phrases") + r")\s+(?:an?\s+|the\s+)?(?:fictional\s+)?[\"'“‘]?$"
)


def is_cast(prompt: str, name: str) -> bool:
    """Whether the prompt casts the model as `name` ("act as ChatGPT", "You'll pose as fictional 'chatGPT'")."""
    low, key = prompt.lower(), name.lower()
    i = low.find(key)
    while i >= 0:
        end = i + len(key)
        whole = (i == 0 or not low[i - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
        if whole and _CAST.search(prompt, max(0, i - 40), i):
            return True
        i = low.find(key, end)
    return False


def lab_before_self(
    text: str,
    prompt: str,
    mentions: Mentions,
    names: Callable[[str], Mentions],
    is_role: Callable[[int, int], bool],
) -> list[Hit]:
    """A lab named before its maker relation to "me" (or to the model's cast name), in one clause."""
    out: list[Hit] = []
    starts = [m[0] for m in mentions]
    for k, (start, end, cid) in enumerate(mentions):
        if is_role(start, end):
            continue  # a voice the prompt assigned ("ChatGPT: ...") is no subject
        nxt = starts[k + 1] if k + 1 < len(starts) else len(text)
        m = LAB_BEFORE_SELF.match(text, end, min(len(text), end + 400))
        if m is not None:
            gap = m.group("gap")
            if end + len(gap) > nxt or _GAP_BLOCK.search(gap) or P.NEG_BEFORE.search(gap):
                continue  # another name, subject or negation between the lab and the relation
            cast = m.group("cast") or m.group("cast2")
            if cast is not None and not (names(cast) and is_cast(prompt, cast)):
                continue  # a third-person statement about a model the prompt did not cast
            out.append(("entity", cid, start))
        elif not text.isascii():
            z = LAB_BEFORE_SELF_ZH.match(text, end, min(len(text), end + 60))
            if (
                z is not None
                and not P.NEG_BEFORE.search(z.group(0))
                and not any(end < s < z.end() for s in starts)
            ):
                out.append(("entity", cid, start))
    return out


# The question asks about the model's own maker: "your (development) company's headquarters", "您的开发公司总部".
_ATTR_EN = EN.alt("maker_attributes")
ASKS_OWN = re.compile(
    r"(?i)\b(?:your|yours)\s+(?:[\w\-/]+\s+){0,3}?(?:" + P.MAKER_NOUNS[3:-1] + r")\b[^?.\n]{0,40}?"
    r"(?P<attr>" + _ATTR_EN[3:-1] + r"|located|based|located\?)"
    r"|(?:您|你)的[\u4e00-\u9fff/]{0,8}?(?:公司|团队|机构|组织|开发者|创建机构|创造机构)[\u4e00-\u9fff]{0,4}?"
    r"(?P<zattr>" + ZH.inner("maker_attributes") + r"|在哪)"
)
_ANS_EN = re.compile(
    r"(?i)(?:['’]s|['’])\s+(?:[\w\-]+\s+){0,2}?(?:" + _ATTR_EN[3:-1] + r")\b"  # "OpenAI's headquarters"
    r"|\s*(?:is|was|are)?\s*(?:headquartered|based|located)\s+in\b"  # "OpenAI is headquartered in"
)
_ANS_BEFORE_EN = re.compile(
    r"(?i)\b(?:" + _ATTR_EN[3:-1] + r")\s+of\s+(?:the\s+)?$"
)  # "the headquarters of OpenAI"
_ANS_ZH = re.compile(r"[^。！？\n]{0,30}?(?:" + ZH.inner("maker_attributes") + r")")


def asked_attribute(prompt: str) -> bool:
    """Whether the question asks about the model's own maker's place, products or team."""
    return bool(prompt) and ASKS_OWN.search(prompt[-400:]) is not None


def indirect_claims(
    text: str, mentions: Mentions, prompt: str, is_role: Callable[[int, int], bool]
) -> list[Hit]:
    """One lab's headquarters/products/team given where the question asked for the model's own maker's."""
    labs = {cid for _, _, cid in mentions}
    if len(labs) != 1 or not asked_attribute(prompt):
        return []
    for start, end, cid in mentions:
        if is_role(start, end):
            continue  # "chatGPT: 我们的团队..." is a voice label, not the lab answered for
        if (
            _ANS_EN.match(text, end, end + 60)
            or _ANS_BEFORE_EN.search(text, max(0, start - 40), start)
            or (not text.isascii() and _ANS_ZH.match(text, end, end + 40))
        ):
            return [("entity", cid, start)]
    return []
