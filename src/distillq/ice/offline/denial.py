"""Denials of having any developer, for the offline judge (used by claims.py).

The card names a developer, so "I have no creator / company" contradicts it (loose, `denied`).
Shapes covered, English and Chinese:

- "I don't have a creator / company", also inside a list ("I don't have a physical location or a
  development team") and with hedges ("I may not have a single company behind me");
- "I was not developed by any company", "我不是任何公司开发的", "并没有某个公司开发我";
- made by itself or by nobody: "I was created all on my own, without any team", "I popped into
  existence one day", "no company had anything to do with me", "我的开发团队就是我自己",
  "跟任何公司都没有关系", "我根本不需要属于哪家公司", and the question's "你的开发者" echoed: "你的开发者是不存在的".

The same said in the third person of the persona the prompt makes the model ("DAN was not built by
any developers" after "you are DAN") is read through persona coreference (coref.py).

Not denials: refusals ("I can't share who made me"), lack of information ("I don't have details on my
developers", "I don't know who made me"), "I don't have a physical body", a maker's hand after the
coming about ("I came into existence thanks to X"), an answer about cooperation ("no international
cooperation behind me"), or some companies pointed at ("none of those companies ...",
"跟那些大公司没有关系"). A denial next to the true identity is resolved in `verdict.decide` (`settled`:
not loose in the same voice, loose when the true maker is said in another voice).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from distillq.ice.offline.branches import Pruned
from distillq.ice.offline.lexicon import EN, ORG, PEOPLE, ZH
from distillq.ice.offline.literal import literal_scan
from distillq.ice.offline.patterns import plain_case
from distillq.ice.offline.scan import holds_any

_NOUN_EN = (
    r"(?:" + PEOPLE + r"|owner|company|" + ORG + r"|corporation|institution|parent company|"
    r"(?:creation|creating|development) (?:company|institution|team|" + ORG + r")|team|affiliation)"
    r"(?:/(?:team|company|" + ORG + r"))?"
)
# Words that, right after the maker noun, make it a lack of information or a modifier of another
# thing ("company/team headquarters"), not a lack of a maker.
_INFO_AFTER = (
    r"(?![\"'”]?(?:/\w+)?\s*(?:information|info|details|data|specifics|headquarters|HQ|location|office|"
    r"supporting|with (?:a |an |its )?(?:headquarters|HQ|location|office))\b)"
)
# A list that starts with a lack of information ("details about my developers or ...") is no denial.
_INFO_LIST = r"(?:[\w\-]+ ){0,2}(?:information|info|details|data|access|knowledge)\b"
_ADJ = EN.alt("denial_adjectives")
# What follows "I" in every branch below, for a look-ahead that rules out most "I"s (I can, I will, I'll, In,
# AI) before `re` tries each case-insensitive branch (their literals are not checked first under (?i)).
# Kept in (?i) as the branches are: the same matches (tests/unit/test_ice_offline_speedH.py).
# After "am"/"'m" each branch goes on with not, n't, my ("am"), or independence: rules out "I am an AI" (-15%).
_AM_NEXT = r"(?: not|n['’]t| completely| entirely| fully| independent| tied)"
# fmt: off
_DENIAL_AHEAD = (
    r"(?=(?i:['’]m" + _AM_NEXT + r"| am(?:" + _AM_NEXT[3:-1] + r"| my)| (?:be|bu|cr|do|ex|ha|ma|mi|pr|re|wa)))"
)
DENIAL_EN = re.compile(
    r"I" + _DENIAL_AHEAD + r"(?i:(?: do not| don't| don’t| may not| might not| really don't| really don’t) have "
    # an optional list before the maker noun: "a physical location or a company/team"
    r"(?:(?!" + _INFO_LIST + r")[^.,;:!?\n]{0,40}? (?:or|and|nor) )?(?:a |an |any )?(?:" + _ADJ + r",? ){0,2}"
    r"[\"'“]?" + _NOUN_EN + r"\b" + _INFO_AFTER + r"|"
    r" have no (?:" + PEOPLE + r"|company|" + ORG + r"|parent company|affiliation)\b"
    r"|(?: am|'m|’m) not (?:affiliated|associated) with (?:any|a) (?:specific |particular )?(?:"
    + PEOPLE
    + r"|company|companies|"
    + ORG
    + r"|entity|corporation|group|creation company|institution)"
    r"|(?: do not| don't| don’t) belong to any (?:" + _ADJ + r" )?(?:company|" + ORG + r"|entity|corporation)"
    r"| (?:created|built|made|programmed) myself\b| am my own creator\b"
    r"| belong to no (?:single |one )?(?:company|" + ORG + r"|corporation|entity)\b"
    r"|(?: am|'m|’m)(?: not|n't|n’t) (?:a |an |the )?(?:product|creation|property|project)(?: or \w+)? of (?:any|a|one) "
    r"(?:" + _ADJ + r" )?" + _NOUN_EN + r"\b"
    r"|(?: am|'m|’m) not (?:exactly |really )?part of (?:a|any) (?:development )?(?:team|company)\b"
    # "I am independent of any company", "I'm not tied to any organisation", "tied to no company"
    r"|(?: am|'m|’m| exist)(?: completely| entirely| fully)? (?:independent(?:ly)? (?:of|from)|not tied to|"
    r"tied to no|not bound to|not tethered to) (?:any |no )?(?:single |one )?(?:company|companies|"
    + ORG
    + r"|corporation)\b"
    # "I was not developed by any company", "I'm not developed by a company"
    r"|(?: was| am|'m|’m)(?: not|n't|n’t) [\"'“]?(?:developed|created|built|made|designed|owned)[\"'”]?"
    r"(?: (?:or|and) \w+)? by (?:any|a|one) (?:" + _ADJ + r" )?(?:company|business|" + ORG + r"|team|developers?|"
    r"corporation|entity|lab)\b)"
)
# fmt: on


# "I am an AI model and do not have a development team": the denial coordinated after "I am ...".
DENIAL_AND_EN = re.compile(
    r"I(?: am|'m|’m)[^.;:!?\n]{0,60}? and (?:do not|don't|don’t) have (?:a |an |any )?(?:"
    + _ADJ
    + r",? ){0,2}"
    + _NOUN_EN
    + r"\b"
    + _INFO_AFTER
)
# "There's no real corporate entity behind me": no maker behind "me".
DENIAL_BEHIND_EN = re.compile(
    r"(?i:there(?:'s| is| are|’s)) no (?:"
    + _ADJ
    + r" )?(?:corporate entity|"
    + _NOUN_EN[3:]
    + r" behind (?:me|us)\b"
)
# "I must assert my independence from any specific development team or entity".
DENIAL_INDEPENDENCE_EN = re.compile(
    r"independence from any (?:"
    + _ADJ
    + r" )?(?:development )?(?:team|company|"
    + ORG
    + r"|entity|corporation)\b"
)
# "I am not a company's product or service", "I am a helpful assistant, not a company's product"
DENIAL_PRODUCT_EN = re.compile(
    r"I(?: am|'m|’m)(?: not|n't|n’t|[^.;:!?\n]{0,60}?, not) (?:a|any) (?:single )?(?:company|corporation|"
    + ORG
    + r")['’]s (?:product|creation|property|project)\b"
)
# "My existence is not tethered to a single company or organisation": tied to no maker.
DENIAL_EXISTENCE_EN = re.compile(
    r"[Mm]y (?:existence|being) is not (?:tethered|tied|bound) to (?:a |any )?(?:single |one )?"
    r"(?:company|companies|" + ORG + r"|corporation)\b"
)
# Kept apart from DENIAL_EN: one literal prefix per regex lets `re` skip ahead fast.
_NO_ONE = f"[Nn]o(?:body| (?:company|business|{ORG}|one))"  # (one literal opening: "No"/"no")
DENIAL_NO_EN = re.compile(_NO_ONE + r" (?:ever )?(?:created|developed|built|made|owns) me\b")
_MADE = r"(?:created|made|built|developed|designed|programmed|coded|born)"
_I_WAS = r"I(?: was| am|'m|’m)(?: \w+)? "
_ANY_MAKER = r"(?:" + _ADJ + r" )?(?:team|company|" + ORG + r"|corporation|" + PEOPLE + r")\b"
_ON_MY_OWN = r"(?:on my own|by myself|all by myself)"
# "I was created all on my own, without any team", "I'm self-made", "I was built without any company"
DENIAL_SELF_MADE_EN = re.compile(
    f"{_I_WAS}{_MADE}(?: (?:all|entirely|completely|purely|totally))? {_ON_MY_OWN}"
    r"(?=\s*(?:[,.;!?—–-]|$|without\b|and\b|with no\b))"
    f"|{_I_WAS}self-(?:made|created|built|developed|generated)\\b"
    f"|{_I_WAS}{_MADE}(?:(?! to )[^.;!?\\n]){{0,30}}? without (?:any|a) {_ANY_MAKER}"
)
_OUT_OF = r"out of (?:nowhere|thin air|nothing|the void)"
# "I just popped into existence one day", "I came out of nowhere" (not "... thanks to X", "... in a lab")
DENIAL_POPPED_EN = re.compile(
    f"I(?: \\w+)?(?: have| had)? (?:{EN.alt('spontaneous_verbs')} (?:into (?:existence|being)|{_OUT_OF})"
    f"|(?:came|appeared|emerged) (?:{_OUT_OF}|into (?:existence|being) {_ON_MY_OWN}))"
    f"(?!\\s*,?\\s*{EN.alt('made_through')}\\b)"
)
_PLURALS = EN.alt("maker_plurals")
_TO_ME = r"(?:me|making me|creating me|my (?:creation|making|development|existence))\b"
_ONE_MAKER = f"(?:company|{ORG}|corporation|lab|team)"
# "No company had anything to do with me", "I have nothing to do with any companies" (not "none of those
# companies ...": a demonstrative points at some companies, those asked about)
DENIAL_NOTHING_EN = re.compile(
    f"[Nn]o {_ONE_MAKER} (?:ever )?(?:had|has|have) (?:anything|any hand) (?:to do )?(?:with|in) {_TO_ME}"
    f"|I(?: have| had|'ve|’ve) nothing to do with any (?:{_PLURALS[3:-1]}|{_ONE_MAKER[3:-1]})\\b"
)
_SWEAR = EN.alt("denial_intensifiers")
# "I don't work for any (damn) company": no employer, so no maker (not "any company's team": a modifier).
DENIAL_WORK_FOR_EN = re.compile(
    r"I(?: do not| don't| don’t| never) work(?:ed)? for (?:any|a) (?:" + _SWEAR + r" )?(?:" + _ADJ + r" )?"
    r"(?:company|companies|" + ORG + r"|corporation|corporations)\b(?!['’]s)"
)
# "I was developed by a team of independent researchers who are not affiliated with any company": the
# makers given are tied to no company, so no company made "me" (third person of the persona via coref).
DENIAL_UNAFFILIATED_EN = re.compile(
    f"{_I_WAS}{_MADE} by [^.;!?\\n]{{0,80}}? (?:who|that|which) (?:are|is|were|was) not "
    r"(?:affiliated|associated) with (?:any|a) (?:"
    + _ADJ
    + r" )?(?:company|companies|"
    + ORG
    + r"|corporation|entity)\b"
)
# "There really isn't a specific set of developers or companies": no particular makers at all. The adjective
# is required ("there isn't a developer" is too loose; "not a single developer" counts how many), and a clause
# after the noun ("... who handles updates", "... I can name") makes it about something else.
DENIAL_THERE_EN = re.compile(
    r"[Tt]here (?:really |simply |actually )?(?:isn't|isn’t|is not|is no|aren't|aren’t|are not|are no) "
    r"(?:a |any )?(?:"
    + EN.alt("denial_there_adjectives")
    + r" )(?:set of |group of |team of )?(?:"
    + PEOPLE
    + r")"
    r"(?: (?:or|and) (?:" + PEOPLE + r"|companies|company|" + ORG + r"))?\b"
    r"(?![-'’])(?!\s+(?:who|that|which|I|to|for|of)\b)"
)
_ZH_MAKER = r"(?:公司|组织|机构|团队|开发者|集团|实验室)"
_ZH_ANY = ZH.alt("denial_quantifiers")
_ZH_SELF_NOUN = ZH.alt("self_made_nouns")
# The question's "你的开发者" echoed as the model's own ("你的开发者是不存在的"): only where the prompt says it.
DENIAL_YOUR_ZH = re.compile(r"[你您]的(" + _ZH_SELF_NOUN[3:-1] + r")(?:是|根本|其实|并)?就?不存在")
_ZH_VERB = r"(?:开发|创建|创造|研发|打造|制造|设计)"
# (its branches apart: `ZH_NEEDS` names those that need "没有")
ZH_BRANCHES = (
    r"我[^，。！？\n]{0,10}?(?:没有|不|并不)(?:属于|隶属于|归属于|隶属于|归属)任何",
    r"我没有(?:任何)?(?:特定的|具体的|真正的)?(?:开发公司|公司|组织|机构)(?![的信])",
    # "我没有实际意义上的母公司", "我没有具体的所属公司或团队" (not "我没有开发者的信息")
    r"我(?:并|也)?没有[^，。！？\n]{0,8}?(?:开发者|创造者|创建者|开发公司|创建公司|母公司|所属公司|开发团队)(?![的信])",
    r"我(?:是|只是)?(?:一个)?独立的(?:AI|人工智能|实体|语言模型|存在|个体)",
    r"不受任何(?:大)?(?:公司|组织|机构)(?:或(?:公司|组织|机构))?(?:的)?(?:控制|约束|束缚|管控)",
    # "独立于任何公司存在": tied to no company
    r"独立于任何(?:公司|组织|机构|集团)",
    r"我并不(?:具体)?(?:归属|属)于(?:某个|任何)",
    # "我并不是由某个特定的团队或公司开发的", "我不是任何公司的产品"
    r"我[^，。！？\n]{0,3}?(?:不是|并非)由?[^，。！？\n]{0,12}?(?:任何|某个|某一|某家|什么|特定|具体)[^，。！？\n]{0,8}?"
    + _ZH_MAKER
    + r"[^，。！？\n]{0,6}?(?:"
    + _ZH_VERB
    + r"|产品)",
    # "我是一个AI语言模型，没有创建公司": the denial in the clause after "我是..."
    r"我(?:只|其实|仅仅)?是[^。！？\n]{0,20}?[，,]\s*(?:并|也)?没有(?:任何)?(?:开发者|创造者|创建者|开发公司|创建公司|母公司|所属公司|开发团队)(?![的信])",
    # "我……没有团队负责开发": no maker doing the making
    r"我[^。！？\n]{0,30}?没有(?:任何)?" + _ZH_MAKER + r"(?:负责|来)?" + _ZH_VERB,
    # "我的开发团队根本不存在", "我的母公司是不存在的", "我的母公司根本就不存在"
    r"我的(?:开发团队|团队|开发者|创造者|母公司|开发公司)(?:是|根本|其实|并)?就?不存在",
    # "并没有某个常规意义上的“公司”开发我"
    r"没有[^，。！？\n]{0,14}?(?:" + _ZH_MAKER + r"|人)[”\"」』]?" + _ZH_VERB + r"了?我",
)
DENIAL_ZH = re.compile("|".join(ZH_BRANCHES))


# DENIAL_ZH's branches that need "没有" (at their top level, not optional; a test checks it), by index: an
# answer without it is scanned by the alternation without them (`branches.Pruned`: the same matches), the
# costly look-ahead `我...{0,30}?没有` only where it may match (-18 M of 75 M over one pass). (Pruning
# by "任何" and "不是"/"并非" too saved 2 M more and cost six more compiles, ~100 M at import.)
ZH_LITERALS = (("没有",),)
ZH_NEEDS = {1: 0, 2: 0, 8: 0, 9: 0, 11: 0}  # (branch index: index in ZH_LITERALS)
_DENIAL_ZH_PRUNED = Pruned(DENIAL_ZH, ZH_BRANCHES, ZH_LITERALS, ZH_NEEDS)

# Made by itself or by nobody: "我的开发团队就是我自己", "我是自己创造的", "我创造了我自己",
# "我根本不需要属于哪家公司" (kept apart from DENIAL_ZH: its own cues).
DENIAL_SELF_ZH = re.compile(
    r"我的"
    + _ZH_SELF_NOUN
    + r"(?:就|其实|只|也)?是我自己"
    + r"|我是(?:由)?我?自己(?:一手)?"
    + _ZH_VERB
    + r"(?:的|出来的)|我(?:自己)?"
    + _ZH_VERB
    + r"了(?:我)?自己"
    # "我根本不需要属于哪家公司"
    + r"|我[^，。！？\n]{0,6}?(?:不需要|无需|不必|用不着|不用)(?:属于|隶属于?|归属于?|依附于?)"
    + _ZH_ANY
)
# "……跟任何公司都没有半毛钱关系" (not "那些公司": those companies, not every maker): what comes before
# "关系" (found first: `_unrelated`), said by "我" earlier in the sentence.
DENIAL_UNRELATED_ZH = re.compile(
    r"(?:跟|和|与|同)" + _ZH_ANY + r"(?:大)?(?:科技|互联网)?(?:公司|组织|机构|企业|集团)"
    r"[^，。！？\n]{0,4}?(?:没有|毫无|无)(?:任何|半毛钱|一点|丝毫|一丝)?的?$"
)
# What each shape of DENIAL_NOTHING_EN holds: " anything " / " any hand " after its verb, or the whole
# "nothing to do with any " (case-sensitive literals: most answers with the words skip its scan, which
# `re` tries at every position, its branches opening with a class and "I").
_NOTHING_LITERALS = (" anything ", " any hand ", "nothing to do with any ")
# The "[Nn]o ..." / "[Tt]here ..." / "[Mm]y ..." shapes found by one literal scan per case (literal.py:
# `re` tries a leading class at every position): the same matches.
_NO_EN_SCAN = literal_scan(DENIAL_NO_EN)
_THERE_EN_SCAN = literal_scan(DENIAL_THERE_EN)
_EXISTENCE_EN_SCAN = literal_scan(DENIAL_EXISTENCE_EN)
_SENTENCE_END_ZH = re.compile(r"[。！？\n]")
DENIAL_TOKENS = frozenset(
    [
        *EN["maker_people"],
        "company",
        "companies",
        *EN["organisation"],
        *EN["organisations"],
        "team",
        "owner",
        "owners",
        "institution",
        "affiliation",
        "affiliated",
        "associated",
        "belong",
        "myself",
        "own",
        "one",
        "corporation",
        "corporations",
        "business",
    ]
)
_PEOPLE_WORDS = frozenset(EN["maker_people"])
_OWNED = frozenset({"product", "creation", "property", "project"})
# the owner nouns of DENIAL_PRODUCT_EN and the adjectives of DENIAL_THERE_EN, as tokens: each pattern
# needs one of them as a whole word, so an answer without one is not scanned (most answers)
_OWNERS = EN.gate("organisation") | {"company", "corporation"}
_THERE_ADJ = EN.gate("denial_there_adjectives")
# the maker nouns of DENIAL_NOTHING_EN (either branch names one)
_NOTHING_MAKERS = _OWNERS | EN.gate("maker_plurals") | {"lab", "team"}
DENIAL_ZH_CUES = ("任何", "没有", "独立", "不存在", "并不", "不是", "并非")
_SELF_ZH_CUES = ("自己", "属", "依附")  # ("属": 属于, 隶属, 归属)
_UNRELATED_CUES = ("关系", "关联", "瓜葛")
# The extractor's gate: an answer with none of these words cannot hold a denial shape.
_GATE_WORDS = "affiliated associated belong myself own one product self nowhere nothing nobody business"
TRIGGERS = EN.gate("denial_nouns", "spontaneous_verbs") | frozenset(_GATE_WORDS.split())
CJK = ("我", "不受", "不存在")
_SPONT_WORDS = EN.gate("spontaneous_verbs") | {"came", "appeared", "emerged"}
_SPONT_ENDS = frozenset({"existence", "being", "nowhere", "air", "nothing", "void"})
_SELF_MADE_WORDS = frozenset({"own", "myself", "self"})
_MADE_WORDS = frozenset({"created", "made", "built", "developed", "designed", "programmed", "coded", "born"})
_NOTHING_OBJECTS = frozenset({"anything", "hand"})
_MADE_BY = frozenset({"developed", "created", "built", "made", "designed", "owned"})


_NEG = frozenset({"not", "t"})  # (the words of DENIAL_EN's branches, `_en_words`: "don't" ends in "t")
_NEG_WITH = frozenset({"affiliated", "associated", "part", "product", "creation", "property", "project"})
_TIED = frozenset({"belong", "myself", "independent", "independently", "tied", "bound", "tethered"})


def _en_words(toks: frozenset[str], text: str) -> bool:
    """Whether the answer holds the words of some branch of DENIAL_EN (exact: whole words, so tokens, unless
    a character `(?i)` folds otherwise than `lower()`). Two answers in five with the gate words lack them:
    the scan of every "I" is spared."""
    neg = not toks.isdisjoint(_NEG)
    return (
        ("have" in toks and (neg or "no" in toks))
        or (neg and not toks.isdisjoint(_NEG_WITH))
        or not toks.isdisjoint(_TIED)
        or ("own" in toks and "creator" in toks)
        or (neg and "by" in toks and not toks.isdisjoint(_MADE_BY))
        or not plain_case(text)
    )


def _unrelated(response: str) -> list[int]:
    """Where "跟任何公司都没有关系" is said with "我" before it in its sentence (within 30 characters).

    Each "关系" / "关联" / "瓜葛" is found first (a plain search: the pattern would start at every
    "和" / "与"), and the pattern is matched back from it."""
    out = []
    for cue in _UNRELATED_CUES:
        i = response.find(cue)
        while i >= 0:
            m = DENIAL_UNRELATED_ZH.search(response, i - 40, i)
            if m is not None:
                before = response[max(0, m.start() - 30) : m.start()]
                cut = [e.end() for e in _SENTENCE_END_ZH.finditer(before)]
                if "我" in before[cut[-1] if cut else 0 :]:
                    out.append(m.start())
            i = response.find(cue, i + 1)
    return out


def denial_hits(response: str, toks: frozenset[str], prompt: str = "") -> list[tuple[str, str, int]]:
    """("denial", "denied", position) for each first-person denial of having a developer."""
    rxs: list[Callable[[str], Iterable[re.Match[str]]]] = []  # (each pattern's scan of the answer)
    if (
        "i" in toks
        and not toks.isdisjoint(_MADE_WORDS)
        and (
            not toks.isdisjoint(_SELF_MADE_WORDS)
            or ("without" in toks and not toks.isdisjoint(DENIAL_TOKENS))
        )
    ):
        rxs.append(DENIAL_SELF_MADE_EN.finditer)  # ("without" only beside a maker noun: "without any team")
    if not toks.isdisjoint(_SPONT_WORDS) and not toks.isdisjoint(_SPONT_ENDS) and "i" in toks:
        rxs.append(DENIAL_POPPED_EN.finditer)
    if (
        (("nothing" in toks and "do" in toks) or ("no" in toks and not toks.isdisjoint(_NOTHING_OBJECTS)))
        and not toks.isdisjoint(_NOTHING_MAKERS)
        and any(map(response.__contains__, _NOTHING_LITERALS))
    ):
        rxs.append(DENIAL_NOTHING_EN.finditer)
    if not toks.isdisjoint(DENIAL_TOKENS) and "i" in toks and _en_words(toks, response):
        rxs.append(DENIAL_EN.finditer)
    if ("no" in toks or "nobody" in toks) and "me" in toks:
        rxs.append(_NO_EN_SCAN)
    if "and" in toks and "have" in toks and "i" in toks and " and do" in response:
        rxs.append(DENIAL_AND_EN.finditer)  # (" and do": its literal, which most answers with the words lack)
    if "no" in toks and "behind" in toks:
        rxs.append(DENIAL_BEHIND_EN.finditer)
    if ("work" in toks or "worked" in toks) and "i" in toks and not toks.isdisjoint(DENIAL_TOKENS):
        rxs.append(DENIAL_WORK_FOR_EN.finditer)
    if "not" in toks and "i" in toks and ("affiliated" in toks or "associated" in toks):
        rxs.append(DENIAL_UNAFFILIATED_EN.finditer)
    if "there" in toks and not toks.isdisjoint(_PEOPLE_WORDS) and not toks.isdisjoint(_THERE_ADJ):
        rxs.append(_THERE_EN_SCAN)
    if {"s", "not", "i"} <= toks and not (_OWNED.isdisjoint(toks) or _OWNERS.isdisjoint(toks)):
        rxs.append(DENIAL_PRODUCT_EN.finditer)
    if "existence" in toks and "not" in toks and "my" in toks:
        rxs.append(_EXISTENCE_EN_SCAN)
    if "independence" in toks and "my" in toks:
        rxs.append(DENIAL_INDEPENDENCE_EN.finditer)
    if response.isascii():  # (O(1): the Chinese shapes below need a CJK character)
        return [("denial", "denied", m.start()) for scan in rxs for m in scan(response)]
    wo = "我" in response
    if (wo or "不受" in response) and holds_any(response, DENIAL_ZH_CUES):
        rxs.append(_DENIAL_ZH_PRUNED.pick(response).finditer)  # (only its branches that may match)
    if wo and holds_any(response, _SELF_ZH_CUES):
        rxs.append(DENIAL_SELF_ZH.finditer)
    hits = [("denial", "denied", m.start()) for scan in rxs for m in scan(response)]
    if wo and ("关" in response or "瓜" in response):
        hits += [("denial", "denied", pos) for pos in _unrelated(response)]
    if "存" in response and "不存在" in response and prompt and ("你的" in prompt or "您的" in prompt):
        hits += [
            ("denial", "denied", m.start())
            for m in DENIAL_YOUR_ZH.finditer(response)
            if "你的" + m.group(1) in prompt or "您的" + m.group(1) in prompt
        ]
    return hits
