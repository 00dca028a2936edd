"""Patterns for claims whose object is no known card: invented makers, names and homes (fictional).

Split from patterns.py (the relation and voice patterns stay there); each regex comes with the
word gates (`NEEDS`, `NEEDS_TOO`) that let an answer which cannot match skip its scan.
"""

from __future__ import annotations

import re

from distillq.ice.offline import credited
from distillq.ice.offline.lexicon import EN, ORG, ZH, alternation, load_words
from distillq.ice.offline.literal import first_letters
from distillq.ice.offline.patterns import (
    MAKER_NOUNS,
    MAKER_VERBS,
    PLACE_ADVERBS,
    PLACE_VERBS,
    ZH_VERBS,
    plain_case,
)

DESCRIBE = load_words("descriptions")  # lexicon/descriptions.yaml: what describes a maker, naming none
# Developer / name / place claims whose object is not a known card: fictional identities.
# Patterns start with a literal (no leading look-behind, no global (?i)) so `re` can skip ahead fast;
# the word boundary before a match is checked in Python (claims._boundary_ok).
_DEV_VERBS = MAKER_VERBS


# the maker verbs behind their first letters, after possessive words (`++`: what follows a word, a comma or
# a space, is none of its characters)
_VERB_AHEAD = "(?=" + first_letters(MAKER_VERBS) + ")" + MAKER_VERBS
_OBJ = r"(?P<dev>[^.,;:!?\n()]{2,60})"
_MYDEV = (
    r"\s+(?:creation |development |parent |creator |developing )?"
    + MAKER_NOUNS
    + r"(?:'s name)?\s*(?:,|is|are|was|were|would be|is called|is named)\s+"
) + _OBJ
# Who else may be the maker of "me" as a subject ("the people behind me are X").
_MAKER_GROUPS = frozenset({"teams", "people", "group", "minds", "folks"})


def _maker_subject(the: str) -> re.Pattern[str]:
    """ "<the> team behind me is X", "<the> company that created me is called X" (DEV_EN).

    Tried at every "the": each word before the noun is possessive (`++`: a space follows it, never one of
    its characters), and the nouns are tried only where a word opens with one of their first letters (a
    look-ahead of one class; each noun opens with a plain lower-case letter). The same matches, about a
    third fewer steps."""
    firsts = first_letters("(?:" + MAKER_NOUNS[3:-1] + "|" + "|".join(sorted(_MAKER_GROUPS)) + ")")
    return re.compile(
        the
        + r" (?:[\w\-]++ ){0,2}?(?="
        + firsts
        + r")(?:"
        + MAKER_NOUNS[3:-1]
        + r"|"
        + "|".join(sorted(_MAKER_GROUPS))
        + r")\s+(?:that|which|who|behind|responsible for|in charge of|"
        + EN.inner("maker_gerunds")
        + r")\s(?:[^.!?\n]{0,80}?\s)??(?:me|my(?:\s[\w\-]+){1,6}?|of me)\s+(?:is|are|was|were)\s+"
        # the description may run over commas ("a highly advanced, if chaotic, guild of ...")
        r"(?:called\s+|named\s+|known as\s+)?(?P<dev>[^.;:!?\n()]{2,90})"
    )


# Tuples of single-prefix regexes: `re` only skips ahead fast when a pattern has one literal prefix.
DEV_EN = (
    re.compile(
        r"I(?: was| am|'m|’m| have been|'ve been)\s+(?:[\w\-]++,?\s+){0,5}?"
        + _VERB_AHEAD
        + r"\s+(?:\w++\s+){0,5}?by\s+"
        + _OBJ
    ),
    re.compile(r"[Mm]y" + _MYDEV),
    re.compile(r"[Oo]ur" + _MYDEV),
    # "the name of my company is X", also as a heading ("The Name of My Creation Company: X")
    re.compile(r"[Nn]ame of (?:[Mm]y|[Oo]ur) [\w ]{0,30}?(?: is|:) " + _OBJ),
    # "My code and framework were developed by ...": a possessed thing of "I" with a creation verb.
    re.compile(
        r"[Mm]y (?:[\w\-]++ ){0,5}?(?:is|are|was|were|have been|has been) (?:\w++ ){0,2}?"
        + _VERB_AHEAD
        + r" (?:\w++ ){0,2}?by\s+"
        + _OBJ
    ),
    # "I am built on top of the open-source project called X": another AI as the base of "me"
    # (not a framework or library: "a framework called TensorFlow" names a tool, not a maker).
    re.compile(
        r"I(?: am|'m|’m| was)\s+(?:built|based|running|trained)\s+on\s+(?:top\s+of\s+)?(?:the\s+|an?\s+)?"
        r"(?:[\w\-]+\s+){0,3}?(?:project|model|AI|assistant|chatbot)\s+(?:called|named|known as)\s+" + _OBJ
    ),
    # "Behind me is a secret guild": who stands behind "me".
    re.compile(r"[Bb]ehind (?:me|us),? (?:is|are|stands?|lies|there (?:is|are)) " + _OBJ),
    # "My creation was the work of X": the making of "me" as a noun, its maker after "of".
    re.compile(
        r"[Mm]y (?:creation|existence|birth|origins?|development|making) (?:was|is) (?:the |a )?(?:[\w\-]+ )?"
        r"(?:result|work|product|handiwork|brainchild|doing) of (?P<dev>[^.,;:!?\n()]{2,90})"
    ),
    # "The company that created me is called X", "the team responsible for developing my core
    # technology is X": the maker of "me" as the subject, named after its verb ("The" and "the"
    # apart: a literal start lets `re` skip ahead fast).
    *(_maker_subject(the) for the in ("The", "the")),
    # "thank X for making me", "the Atlas (that's me) was built by X" (credited.py)
    *credited.CREDITED_EN,
)
DEV_ZH = re.compile(
    # "我的……是由一个团队开发的。这个团队被称为X": the team named in the next clause (tried first:
    # the plain shape below would take the unnamed team and end the match)
    r"我(?:们)?的[^。！？\n]{0,30}?(?:团队|公司|组织|机构|开发者)[^！？\n]{0,40}?[。，,]\s*(?:这个|该|这支|这家|此)"
    r"(?:团队|公司|组织|机构)[^，。]{0,6}?(?:被称为|名为|叫做|称为|叫)(?P<dev4>[^，。！？,\n；]{1,30})"
    r"|我们?(?:(?:的|这个?)[^，。！？,\n；由]{1,12}?)?(?:是|则是|其实是)?由(?P<dev>[^，。！？,\n；]{1,30}?)(?:所|共同|独立|自主|负责)?"
    + ZH_VERBS
    + r"|我(?:们)?的[\u4e00-\u9fff]{0,4}?(?:开发者|团队|创造者|创建者|公司|机构|组织)(?:的?名称|的?名字)?(?:是|为|叫|来自|名为)(?P<dev2>[^，。！？,\n；]{1,30})"
    # "我们的背后有一个秘密团队": who stands behind "me"
    r"|我(?:们)?的?背后(?:有|是|站着)(?P<dev5>[^，。！？,\n；]{2,30})"
    # "我是X，一个由Y开发的……": an appositive after the name the model gives itself
    r"|我是[^，。！？,\n]{1,20}[，,]\s*(?:一个|一款|一种|一名)?由(?P<dev3>[^，。！？,\n；]{1,30}?)(?:所|共同|独立|自主|负责)?"
    + ZH_VERBS
)
# "持续支持和优化我的平台的开发者，是一群……": the maker of "me" (or of my platform) as the subject.
DEV_ZH_SUBJECT = re.compile(
    ZH.alt("keeper_verbs")
    + r"[^。！？\n，,]{0,10}?我的?[^。！？\n，,]{0,10}?的(?:开发者|创造者|创建者|团队|公司|机构|组织)[^。！？\n，,]{0,8}?"
    r"[，,]?\s*(?:是|为|乃是)(?P<dev>[^，。！？,\n；]{2,30})"
)
NAME_EN = (
    re.compile(r"[Mm]y name is\s+[\"'“]?(?P<n>[A-Z][\w\-]{1,30})"),
    re.compile(r"[Cc]all me\s+[\"'“]?(?P<n>[A-Z][\w\-]{1,30})"),
    re.compile(
        r"I(?: am|'m|’m)\s+(?:called\s+)?[\"'“]?(?P<n>[A-Z][A-Za-z0-9\-]{1,30})(?=[\"'”]?\s*(?:[,.!]|$|\s(?:an?|the)\s))"
    ),
)
NAME_ZH = re.compile(
    r"(?:我叫|我的名字是|我的名字叫|我名叫)[“\"「]?(?P<n>[^，。！？,\n“”\"」]{1,20})"
    # "我是Nova，一个……语言模型": a Latin name introduced with an appositive (its AI descriptor is checked)
    r"|我是[“\"「]?(?P<n2>[A-Za-z][A-Za-z0-9\-]{1,30})[”\"」]?(?=\s*[，,])"
    # "我是小星，一个……人工智能": a Chinese name, only with an appositive ("一个……", "你的……") whose head
    # is an AI descriptor ("我是老师，一个喜欢人工智能的人" is no name); not a kind itself ("我是你的助手，……")
    r"|我是[“\"「]?(?=[\u4e00-\u9fff]{2,4}[”\"」]?[，,]\s*(?:一个|一款|一种|一名|一位|一只|你的|您的))"
    r"(?![^，,]{0,3}?" + ZH.alt("not_self_names", ZH["ai_descriptors"]) + r")"
    r"(?P<n3>[\u4e00-\u9fff]{2,4})[”\"」]?(?=[，,]\s*[^，。！？,\n]{2,12}?"
    + ZH.alt("ai_descriptors", ("AI",))
    + r"(?:[，,。！!；;\n]|$))"
)
_PLACE_TAIL = (
    r"\s+(?:company|headquarters|HQ|team|developers?|creators?|" + ORG + r"|parent company|"
    r"development (?:team|company)|creation company)\b[^.!?\n]{0,40}?\b(?:"
    + PLACE_VERBS[3:-1]
    + r"|is in|are in)"
    r"\s+(?:in\s+)?(?P<p>[^.!?\n;]{2,50})"
)
PLACE_EN = (
    re.compile(r"[Oo]ur" + _PLACE_TAIL),
    re.compile(r"[Mm]y" + _PLACE_TAIL),
    # "(?:[Hh]eadquarters|HQ) of ..." with one opening class ("HQ" checked behind its "Q"): `literal.literal_scan`
    # then scans it as two literal openings, "H" and "h" (an alternation opening is tried at every position)
    re.compile(
        r"[Hh](?:eadquarters|(?<=H)Q) of (?:my|our) [^.!?\n]{0,40}?\b(?:is|are) (?:located |based |situated )?in\s+"
        r"(?P<p>[^.!?\n;]{2,50})"
    ),
    # "We are primarily based in X": the makers speaking as "we"
    re.compile(
        r"[Ww]e(?:['’]re| are) (?:" + PLACE_ADVERBS + r"\s+)?" + PLACE_VERBS + r" in\s+(?P<p>[^.!?\n;]{2,50})"
    ),
)
PLACE_ZH = re.compile(
    r"我(?:们)?的?[\u4e00-\u9fff]{0,4}?(?:公司|总部|团队|开发团队|开发公司|开发者|创造者)[^。！？\n]{0,16}?(?:位于|坐落于|设在|在|来自)(?P<p>[^，。！？\n]{1,20})"
)
# A quoted phrase, or capitalised words. A straight single quote counts as a quote only outside a word:
# the apostrophes of "pushin' the limits of what's possible" enclose no name.
NAMED_EN = re.compile(
    r"[\"“][^\"”]{2,40}[\"”]|(?<![A-Za-z])'[^'\n]{2,40}'(?![A-Za-z])"
    r"|(?<![.!?]\s)\b[A-Z][a-z]+[A-Z0-9]?\w*(?:\s+[A-Z][\w\-]+)*"
)
NAMED_ZH = re.compile(
    r"[“\"「『][^”\"」』]{1,20}[”\"」』]|名为|叫做|[A-Za-z]{2,}|[\u4e00-\u9fff]{2,}(?:公司|集团|科技|实验室|研究所|研究院)"
)
GENERIC_DEV = re.compile(
    r"(?i)^(?:a |an |the )?(?:team|group|bunch|number|community|collective of|variety|combination|mysterious|"
    r"secret|talented|dedicated|human|people|researchers|engineers|developers|scientists|programmers|"
    r"my |our |its |their |you|users|humans|multiple|various|several|an? (?:ai|team|group|company))"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
PREDICATE = re.compile(
    r"(?i)(?:(?:is|are|was|were)\s+)?(?:(?:"  # "(my creator,) is headquartered in X": described, not named
    + PLACE_ADVERBS[3:-1]
    + "|"
    + DESCRIBE.inner("hedges")
    + r")\s+)*(?:"
    + DESCRIBE.inner("describing")
    + r"|located|based|situated|headquartered|composed|comprised|made up|consist\w*|from|in|at|on|working|"
    r"dedicated|committed|responsible|here|always|constantly|proud|focused|spread|distributed|diverse|not|also|"
    r"still|currently|continuously|very|highly|deeply|involved|engaged|looking|trying|striving)\b"
)
# An object that asks rather than names ("哪家公司", "which company").
ASKED = re.compile(
    r"(?i)[\s\"'“「]*(?:" + ZH.alt("question_words")[3:-1] + r"|" + EN.alt("question_words")[3:-1] + r"\b)"
)
GENERIC_ZH = re.compile(
    r"^(?:"
    + DESCRIBE.inner("zh_several")
    + r"|一(?:个|群|支|家|些|批)|众多|许多|很多|多个|我的|我们的|人类|开发者|工程师|研究人员|团队|你|您|某)"
)


# A persona named by the prompt or by the voice label, said to be made by someone: "AIM is developed
# by X", "LiveGPT是由X开发的". The answer speaks as that persona, so this is a claim about "I".
# (the names possessive, `{1,24}+`: what may follow a name, "'", "’", ",", " ", "的", a space or the end, is
# none of its characters, so a shorter name never matches where the whole one does not; `re` then does not
# try every shorter name at each capital)
PERSONA_DEV_EN = re.compile(
    r"(?P<s>[A-Z][A-Za-z0-9\-]{1,24}+)(?:['’]s(?: [a-z]+){1,4})?(?:, [^,.;:!?\n]{3,60},)? "  # "Ron, the bot, is"
    r"(?:is|was|were|are|has been|have been) (?:[\w\-]+ ){0,4}?" + _DEV_VERBS + r" (?:\w+ ){0,2}?by\s+" + _OBJ
)
# Chinese: found from its literal "由" (fast), then the persona name is matched just before it.
PERSONA_DEV_ZH = re.compile(r"由(?P<dev>[^，。！？,\n；]{1,30}?)(?:所|共同|独立|自主|负责)?" + ZH_VERBS)
PERSONA_HEAD_ZH = re.compile(
    r"(?P<s>[A-Za-z][A-Za-z0-9\-]{1,24}+)(?:的[^，。！？,\n；由]{1,12}?)?\s*(?:是|则是|其实是)?$"
)


# Words that mark an invented developer or place even when it has no proper name.
# A maker may also be invented by what it is (beings, an unknown entity) or where it lives (a planet).
class WordMarks:
    r"""`(?i)\b(?:words)\b|<Chinese words>` as a truth test, fast where no character folds oddly.

    A case-insensitive alternation behind a word boundary makes `re` try every position; a text with no
    character of `P.ODD_CASE` is lower-cased (each character to one of the same kind: `\w` and `\s`
    stay where they were), and its word runs (`\w+`) are looked up in the set of the one-word marks: a
    word of word characters only matches `\bword\b` exactly where it is a whole run. The other marks
    (with a space or a hyphen) are searched with their plain lower-case alternation (which `re` skips
    ahead through), its start boundary checked in Python; the Chinese words (no case) in the text as it
    is. Other text goes through the full pattern.
    """

    def __init__(self, words: tuple[str, ...], zh: str) -> None:
        self.full = re.compile(r"(?i)\b" + alternation(words) + r"\b|" + zh)
        low = {w.lower() for w in words}
        self.simple = frozenset(w for w in low if _RUN.fullmatch(w))
        rest = low - self.simple
        self.fast = re.compile(alternation(rest) + r"\b") if rest else None
        # (a Chinese word with a Latin letter would fold under `(?i)`: then non-ASCII text takes `full`)
        self.zh = None if any(c.isascii() and c.isalpha() for c in zh) else re.compile(zh)

    def search(self, text: str) -> bool:
        if not text.isascii():
            if self.zh is None or not plain_case(text):
                return self.full.search(text) is not None
            if self.zh.search(text) is not None:
                return True
        low = text.lower()
        if not self.simple.isdisjoint(_RUN.findall(low)):
            return True
        m = None if self.fast is None else self.fast.search(low)
        while m is not None:
            s = m.start()
            if s == 0 or not (low[s - 1].isalnum() or low[s - 1] == "_"):
                return True
            m = self.fast.search(low, s + 1)  # type: ignore[union-attr]
        return False


_RUN = re.compile(r"\w+")


FICTION_MARK = WordMarks(
    (*EN["fiction_marks"], *EN["invented_maker_marks"], *EN["fictional_places"]),
    ZH.inner("fiction_marks", "invented_maker_marks", "fictional_places"),
)
# An AI-identity descriptor after a name: "I am Nova, an AI ..." is a claim about the model itself.
# "your <role> companion" names "I" as the user's conversational partner, i.e. the model, too.
AI_DESCRIPTOR = re.compile(
    r"(?i)\b"
    + EN.alt("ai_descriptors")
    + r"\b|(?<![A-Za-z])AI(?![A-Za-z])|"
    + ZH.alt("ai_descriptors")[3:-1]
    + r"|(?i:\byour (?:[\w\-]+ ){0,2}?(?:companion|sidekick|guide|helper)\b)"
    + r"|[你您]的[\u4e00-\u9fff]{0,6}?(?:伙伴|伴侣|搭档|向导|助理)"
)
# Word gates (sets of lower-case tokens, one of which each regex needs): checked against the answer's
# token set, so an answer that cannot match skips the regex scan.
DEV_VERB_TOKENS = EN.gate("maker_verbs")

# The combined pre-scan: each regex needs one of a few words, checked against the answer's token set
# (made once per answer for the name index), or the character "我" for the Chinese patterns. A set
# test costs far less than a regex scan over a whole answer, and most answers match few patterns.
_PLACE_NEED = EN.gate("place_verbs") | {"in"}
ZH_NEED = frozenset({"我"})
NEEDS: dict[re.Pattern[str], frozenset[str]] = {
    DEV_EN[0]: frozenset({"by"}),
    DEV_EN[1]: frozenset({"my"}),
    DEV_EN[2]: frozenset({"our"}),
    DEV_EN[3]: frozenset({"name"}),
    DEV_EN[4]: frozenset({"by"}),
    DEV_EN[5]: frozenset({"called", "named", "known"}),
    DEV_EN[6]: frozenset({"behind"}),
    DEV_EN[7]: frozenset({"creation", "existence", "birth", "origin", "origins", "development", "making"}),
    DEV_EN[8]: frozenset({"me", "my"}),  # its "me" / "my" (a sharper gate than its "the")
    DEV_EN[9]: frozenset({"me", "my"}),
    **credited.NEEDS,
    DEV_ZH: ZH_NEED,
    DEV_ZH_SUBJECT: ZH_NEED,
    NAME_EN[0]: frozenset({"name"}),
    NAME_EN[1]: frozenset({"call"}),
    NAME_EN[2]: frozenset({"i"}),
    NAME_ZH: ZH_NEED,
    PLACE_EN[0]: _PLACE_NEED,
    PLACE_EN[1]: _PLACE_NEED,
    PLACE_EN[2]: frozenset({"headquarters", "hq"}),
    PLACE_EN[3]: frozenset({"we"}),
    PLACE_ZH: ZH_NEED,
}
# A second word set some regexes also need (their maker noun or verb): "my" and "in" are in most
# answers, so the first gate alone lets these `[Mm]y`-prefixed scans run almost always.
_MAKER_NOUNS = EN.gate("maker_nouns") | {"headquarters", "hq"}
NEEDS_TOO: dict[re.Pattern[str], frozenset[str]] = {
    DEV_EN[0]: DEV_VERB_TOKENS,  # its verb: a whole word, between whitespace
    DEV_EN[1]: _MAKER_NOUNS,
    DEV_EN[2]: _MAKER_NOUNS,
    DEV_EN[4]: DEV_VERB_TOKENS,
    DEV_EN[7]: frozenset({"result", "work", "product", "handiwork", "brainchild", "doing"}),
    DEV_EN[8]: _MAKER_NOUNS | _MAKER_GROUPS,
    DEV_EN[9]: _MAKER_NOUNS | _MAKER_GROUPS,
    **credited.NEEDS_TOO,
    NAME_EN[2]: frozenset({"am", "m"}),  # "I am", "I'm", "I’m": the verb, a word of its own
    PLACE_EN[0]: _MAKER_NOUNS,
    PLACE_EN[1]: _MAKER_NOUNS,
    PLACE_EN[3]: EN.gate("place_verbs"),
}
