"""Invented makers of "I" in the shapes the `developer` patterns miss, for the offline judge.

The `developer` patterns read "I was built by X" and "my company is X": "I" first, the maker after.
Two more shapes name the maker of "I" just as plainly:

- "I" as a thing that belongs to the maker: "I am a creation / product / brainchild of X",
  "I'm Nova, a product of X", "我是X的产品";
- the maker named first, with a maker-of-me phrase after it: "X, the organisation behind me, ...",
  "X is the creator of me", "X is my parent company", "X created me".

Known labs are linked to "I" by the `entity` extractor; here only the object text is returned and
the caller keeps it when it is an invented name (or marked as secret, unknown, ...).
"""

from __future__ import annotations

import re

from distillq.ice.offline.each_match import finds
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.staffed import staffed_makers

_BELONGS = EN.inner("belonging_nouns")
_OBJ = r"(?P<dev>[^.,;:!?\n()]{2,60})"
# "I am (Nova,) a creation of X": "I" as the maker's work.
PART_OF_EN = re.compile(
    r"I(?: am|['’]m| was)\s+(?:[A-Z][\w\-]*,\s+)?(?:(?:just|merely|simply|only|really|actually)\s+)?"
    r"(?:an?|the)\s+(?:[\w\-]+\s+){0,2}?(?:" + _BELONGS + r")\s+of\s+" + _OBJ
)
PART_OF_ZH = re.compile(
    r"我(?:是|只是|其实是)(?P<dev>[^，。！？,\n；的]{2,20})的(?:产品|作品|创造物|造物|杰作|产物|项目)"
)
# A capitalised name or a quoted one: `[A-Z]rest|["“]quoted`, its opening class first (the branch then
# told by a look-behind at that character) so that `re` skips ahead to a capital or a quote instead of
# trying each branch at every position of the window (the same matches).
_NAME = r"(?P<dev>[A-Z\"“](?:(?<=[A-Z])[\w\-]*\.?(?:\s+(?:of\s+)?[A-Z][\w\-]*\.?){0,3}|(?<=[\"“])[^\"”\n]{2,40}[\"”]))"
_NOUN = r"(?:" + EN.inner("maker_nouns", "maker_people") + r")"
# The text right before "me", matched backwards: "X, the organisation behind | X is the creator of".
BEFORE_ME = re.compile(
    _NAME
    + r"(?:,\s*|\s+(?:is|was|are|were)\s+)(?:the\s+|a\s+|my\s+)?(?:[\w\-]+\s+)?"
    + _NOUN
    + r"(?:\s+(?:and|&)\s+[\w\-]+)?\s+(?:behind|of|that\s+"
    + EN.alt("maker_verbs_active")
    + r"|responsible\s+for(?:\s+(?:creating|developing|building|making))?)\s+$"
)
# "X created me", "X has built and trained me".
MADE_ME = re.compile(
    _NAME + r"\s+(?:has\s+|have\s+)?" + EN.alt("maker_verbs_active") + r"(?:\s+and\s+\w+)?\s+$"
)
# "星辰科技开发了我": the maker named before "<maker verb>了我".
MADE_ME_ZH = re.compile(r"(?P<dev>[^，。！？,\n；：:]{2,30}?)" + ZH.alt("maker_verbs") + r"$")
# "X is my parent company": the maker named before "is my <maker>".
MY_MAKER = re.compile(_NAME + r"\s+(?:is|was)\s+$")
_MY_NOUN = re.compile(r"my\s+(?:[\w\-]+\s+)?" + _NOUN + r"\b")
_THE = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+")
_SETTING = re.compile(r"(?i)(?:this|that|these|those)\b")
_TOKENS = EN.gate("maker_nouns", "maker_people", "maker_verbs_active", "belonging_nouns")
_BELONG_TOKENS = EN.gate("belonging_nouns")  # PART_OF_EN's noun
_NOUN_TOKENS = EN.gate("maker_nouns", "maker_people")  # `_NOUN`: BEFORE_ME's and _MY_NOUN's
_ME_TOKENS = _NOUN_TOKENS | EN.gate("maker_verbs_active")  # BEFORE_ME's noun or MADE_ME's verb
# The extractor's gate (`extractors.maker_first`): `named_makers` reads nothing without one of these
# words, or a "我" (its Chinese shapes: "我...的", "了我").
TRIGGERS = _TOKENS
CJK = ("我",)


def named_makers(text: str, toks: frozenset[str]) -> list[tuple[str, int]]:
    """(maker text, position) of each maker of "I" named in these shapes (known or not)."""
    wo = "我" in text  # (one character first: "了我" is looked for only where "我" is, `scan.cjk_found`)
    zh = wo and "的" in text
    le = wo and "了我" in text
    if toks.isdisjoint(_TOKENS) and not zh and not le:
        return []
    out: list[tuple[str, int]] = []
    # Each shape below also needs its own words as tokens (exact gates: every one of them stands
    # between whitespace, commas or non-word characters in a match), tested before its scan.
    if "i" in toks and "of" in toks and not toks.isdisjoint(_BELONG_TOKENS):
        # "a product of this virtual world": the setting the answer plays in, not a maker
        out += [
            (m.group("dev"), m.start())
            for m in PART_OF_EN.finditer(text)
            if not _SETTING.match(m.group("dev"))
        ]
    if "me" in toks and not toks.isdisjoint(_ME_TOKENS):
        for i in _mes(text):
            if not _after_word(text, i, _BEFORE_ME_LAST, and_any=True):
                continue  # exact gate: both shapes end in one of these words (or "and <word>")
            w0 = max(0, i - 100)
            b = BEFORE_ME.search(text, w0, i) or MADE_ME.search(text, w0, i)
            if b is not None:
                out.append((b.group("dev"), b.start()))
    if "my" in toks and not toks.isdisjoint(_NOUN_TOKENS) and ("is" in toks or "was" in toks):
        for m in _MY_NOUN.finditer(text):
            if not _after_word(text, m.start(), ("is", "was")):
                continue  # exact gate: "X is my <maker>"
            b = MY_MAKER.search(text, max(0, m.start() - 60), m.start())
            if b is not None:
                out.append((b.group("dev"), b.start()))
    if zh:
        out += [(m.group("dev"), m.start()) for m in PART_OF_ZH.finditer(text)]
    if le:
        for i in finds(text, "了我"):
            if not _verb_before(text, i):
                continue  # exact gate: the match ends in a maker verb right before "了我" (`$`)
            b = MADE_ME_ZH.search(text, max(0, i - 40), i)
            if b is not None:
                out.append((b.group("dev"), b.start()))
    if "has" in toks:  # ("has" opens its match, after whitespace: a token)
        out += staffed_makers(text, toks)  # "X has a team who improve my skills" (staffed.py, makers6)
    if not out:
        return out
    named = [(_THE.sub("", dev), pos) for dev, pos in out]  # "The Quiet Forge" names "Quiet Forge"
    return [(dev, pos) for dev, pos in named if dev and dev.split()[0] not in _NOT_NAMES]


_NOT_NAMES = frozenset(EN["discourse_words"]) | {"A", "AI", "I"}
_ZH_MAKER_VERBS = tuple(ZH["maker_verbs"])
_ZH_VERB_REACH = max(map(len, _ZH_MAKER_VERBS)) + 1


def _verb_before(text: str, i: int) -> bool:
    """Whether text[:i] ends in a Chinese maker verb, perhaps before a last newline (where MADE_ME_ZH's
    `$` also matches, searched up to `i`)."""
    head = text[max(0, i - _ZH_VERB_REACH) : i]
    return head.endswith(_ZH_MAKER_VERBS) or (head.endswith("\n") and head[:-1].endswith(_ZH_MAKER_VERBS))


# The word right before "me" that BEFORE_ME or MADE_ME needs (MADE_ME also takes "and <any word>").
_BEFORE_ME_LAST = tuple(
    {"behind", "of", "for", "creating", "developing", "building", "making"}
    | {w.split()[-1] for w in EN["maker_verbs_active"]}
)


def _mes(text: str) -> list[int]:
    """Where the word "me" starts (no ASCII letter either side): one literal-first scan (`re` skips
    ahead to each "me"; the letter before it is checked after), not a `str.find` loop that stops at
    every "me" inside a word ("some", "time")."""
    return [m.start() for m in _ME.finditer(text)]


_ME = re.compile(r"me(?<![A-Za-z]me)(?![A-Za-z])")


def _after_word(text: str, pos: int, words: tuple[str, ...], and_any: bool = False) -> bool:
    """Whether text[:pos] ends in whitespace after one of `words` (or after "and <word>" when `and_any`):
    what the backwards patterns need, tested before their regex search."""
    head = text[max(0, pos - 60) : pos]
    tail = head.rstrip()
    if len(tail) == len(head):
        return False  # every backwards pattern ends in whitespace before the word at `pos`
    if not tail or tail.endswith(words):  # (all whitespace: let the regex decide)
        return True
    return and_any and tail.rsplit(None, 1)[0].endswith("and")
