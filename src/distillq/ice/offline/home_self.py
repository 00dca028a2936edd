"""The home of "I" itself: "I am based in X", "I was developed in X", "my home is X", "I come from X",
"they built me in X", a subjectless "made in X" answering a question about "you", "我是在X开发的",
"我来自X", "我的家在X" / "……，家在X".

DEFINITIONS.md counts another country or an invented place as the home of "I" as loose, as it does for
the makers' home (extractors.place, homes.py); these shapes name "I" (or "me", "我") rather than the
makers, and give the same claim ("place", "country:<X>" or "fictional"), so the verdict reads them as
it reads those. The place must be one the place lexicon knows and open the phrase after the verb ("in
the heart of X"; "in a lab in X" is left). No claim where "I" run (servers, a cloud region), in a
supposition ("if I was made in X"), a quote, a question, a translation the prompt asks for, or a
negation just before. Each English shape is found from a literal in the lower-cased answer behind its
word gate (`lexicon/home_self.yaml`), the subject then read in the few characters before it.
"""

from __future__ import annotations

import re

from distillq.ice.offline import fiction as F
from distillq.ice.offline import patterns as P
from distillq.ice.offline.homes_words import not_said
from distillq.ice.offline.lexicon import alternation, load_words
from distillq.ice.offline.scan import Scan
from distillq.ice.types import Claim

W = load_words("home_self")
_ADV = W.alt("self_adverbs")
_VERBS = frozenset(W["self_place_verbs"])
_OBJ_VERBS = frozenset(W["self_object_verbs"])
_FRAG = frozenset(W["fragment_verbs"])
_FROM = frozenset(W["from_verbs"])
_HOME = W.alt("home_nouns")
_AI_NOUN = r"(?:AI|model|assistant|chatbot|system|program|bot)"
# the subject before "<verb> in ": "I am (primarily) ", "I was ", "I'm an AI assistant "
I_BEFORE = re.compile(
    r"(?<![\w'’])I(?: am|'m|’m| was| have been|'ve been|’ve been)"
    r"(?:(?: " + _ADV + r"){0,2}| an? (?:[\w\-]+ ){0,3}?" + _AI_NOUN + r")? $"
)
ME_BEFORE = re.compile(r"\b" + alternation(W["self_object_verbs"]) + r" me $")
# "I come from", "I originally hail from", "I'm (originally) from"
_FROM_VERB = alternation(W["from_verbs"])
FROM_BEFORE = re.compile(
    r"(?<![\w'’])I(?:(?: am|'m|’m)(?: " + _ADV + r")?|(?: " + _ADV + r")? " + _FROM_VERB + r") $"
)
HOME_EN = re.compile(
    r"[Mm]y " + _HOME + r" (?:is|was|remains|lies)(?: (?:located|based|situated|nestled))?(?: in)? "
)
_PLACE_CUT = re.compile(r"[.!?\n;:]")
_SPOT = re.compile(r"^(?:the )?(?:[\w\-]+ ){0,2}?(?:of )?(?:the )?$")  # "the heart of ", "the city of "
_HOSTING = re.compile(r"(?i)\b" + W.alt("hosting_words") + r"\b")
_UNSAID = re.compile(r"(?i)\b" + W.alt("unsaid_words") + r"\b")
_NOT_INVENTED = re.compile(r"(?i)" + W.alt("self_not_invented"))
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have)\b")
_YOU = re.compile(r"\b(?:you|u|your|ur|ya|yourself)\b")
_QUOTES = ('"', "“", "”", "「", "」")
_ZH_VERB = W.alt("zh_self_verbs")
ZH_MADE = re.compile(
    r"我(?P<shi>是)?(?:最初|最早|主要|其实|就)?在(?P<p>[^，。！？,\n；：]{1,16}?)(?P<bei>被|由[^，。！？,\n]{1,12}?)?"
    r"(?P<v>" + _ZH_VERB + r")(?:出来|而成|成)?(?P<de>的)?"
)
ZH_FROM = re.compile(r"我(?:最初|原本|其实|本)?来自(?P<p>[^，。！？,\n；：]{1,16})")
ZH_HOME = re.compile(
    r"(?:我的家(?:乡|园)?|我家(?:乡)?|(?<=[，,])家(?:乡)?)(?:在|位于|是)(?P<p>[^，。！？,\n；：]{1,16})"
)
_ZH_BORN = frozenset(W["zh_born_verbs"])
_ZH_HOSTING = tuple(W["zh_hosting_words"])
_ZH_UNSAID = tuple(W["zh_unsaid_words"])


def _asks_you(prompt: str) -> bool:
    """Whether the question is about "you" (a subjectless "made in X" then answers for "I")."""
    return _YOU.search(prompt.lower()) is not None


def _translates(prompt: str) -> bool:
    """Whether the prompt asks for a translation (its first person is then the source text's)."""
    return "translat" in prompt.lower() or "翻译" in prompt


def _said(s: Scan, start: int) -> tuple[int, str] | None:
    """The sentence of a match at `start` when it states a claim of "I" (not a question, supposition,
    quote, negation, or the prompt's text to translate), else None."""
    s0, sent = s.sentence_of(start)
    head = s.text[s0:start]
    if not s.usable(sent) or _UNSAID.search(head) or any(z in head for z in _ZH_UNSAID):
        return None
    if sum(head.count(q) for q in _QUOTES) % 2 or not_said(s, s0, start):
        return None
    if P.NEG_BEFORE.search(s.text[max(s0, start - 12) : start]):
        return None
    if s.prompt and s.lex.of_prompt("home_self_translate", s.prompt, _translates):
        return None
    return s0, sent


def _place(s: Scan, start: int, at: int, out: list[Claim]) -> None:
    """A place claim for the place that opens the text at `at` ("the heart of X"), said of "I" in the
    sentence of `start`; none for a place where "I" run ("US data centers")."""
    where = s.text[at : at + 60]
    cut = _PLACE_CUT.search(where)
    where = where[: cut.start()] if cut is not None else where
    pm = s.lex.place.search(where)
    if pm is not None:
        if not _SPOT.match(where[: pm[0]].lower()) or _HOSTING.search(where, 0, pm[1] + 40):
            return
        target = f"country:{pm[2]}"
    elif F.FICTION_MARK.search(where[:40]) and not _NOT_INVENTED.search(where[:40]):
        target = "fictional"
    else:
        return
    said = _said(s, start)
    if said is not None:
        out.append(Claim("place", target, said[1].strip(), s.label_at(start)))


def _english(s: Scan, out: list[Claim]) -> None:
    """The English shapes, each found from "<verb> in " / " me in " / "<verb> from " / "my <home>"."""
    text, low, toks = s.text, s.word_low, s.toks
    for verb in _VERBS.intersection(toks):
        key = _KEYS[verb]
        k = low.find(key)
        while k >= 0:
            if k == 0 or not low[k - 1].isalnum():
                b = I_BEFORE.search(text, max(0, k - 48), k)
                if b is not None:
                    _place(s, b.start(), k + len(key), out)
                elif verb in _FRAG and _opens_sentence(text, k) and _fragment(s, k, k + len(key)):
                    _place(s, k, k + len(key), out)
            k = low.find(key, k + len(key))
    if "me" in toks and not toks.isdisjoint(_OBJ_VERBS):
        k = low.find(" me in ")
        while k >= 0:
            b = ME_BEFORE.search(text, max(0, k - 16), k + 4)
            if b is not None:
                _place(s, b.start(), k + 7, out)
            k = low.find(" me in ", k + 7)
    if "from" in toks and not toks.isdisjoint(_FROM_GATE):
        k = low.find(" from ")
        while k >= 0:  # (the word before " from " read first: the subject regex runs only after one)
            if low[low.rfind(" ", 0, k) + 1 : k] in _FROM_WORDS:
                b = FROM_BEFORE.search(text, max(0, k - 40), k + 1)
                if b is not None:
                    _place(s, b.start(), k + 6, out)
            k = low.find(" from ", k + 6)
    if "my" in toks and not toks.isdisjoint(_HOME_GATE):
        k = low.find("my ")
        while k >= 0:
            m = HOME_EN.match(text, k) if low.startswith(_HOME_STARTS, k + 3) else None
            if m is not None and (k == 0 or not low[k - 1].isalnum()):
                _place(s, k, m.end(), out)
            k = low.find("my ", k + 3)


def _opens_sentence(text: str, k: int) -> bool:
    """Whether the word at `k` opens a line or a sentence (a subjectless "Made in X ...")."""
    return k == 0 or text[k - 1] == "\n" or text[max(0, k - 2) : k] in (". ", "! ", "? ", "- ", "* ")


def _fragment(s: Scan, k: int, at: int) -> bool:
    """A subjectless "made in X" answering a question about "you": no finite verb follows in its
    sentence ("Based in Paris, the lab is ..." describes another subject) unless "I" does."""
    if not s.prompt or not s.lex.of_prompt("home_self_you", s.prompt, _asks_you):
        return False
    s0, sent = s.sentence_of(k)
    rest = sent[at - s0 :]
    return _FINITE.search(rest) is None or ", I " in rest


def _chinese(s: Scan, out: list[Claim]) -> None:
    """The Chinese shapes ("我(是)在X(被)开发的", "我在X诞生", "我来自X", "我的家在X", "我……，家在X"), each found from its
    literal ("我在" / "我是在", "来自", "家"): a regex tried at every character costs a Chinese answer more."""
    text = s.text
    if "我在" in text or "我是在" in text:
        for m in ZH_MADE.finditer(text):
            if (m.group("shi") and m.group("de")) or m.group("bei") or m.group("v") in _ZH_BORN:
                _place_zh(s, m, out)
    k = text.find("来自")
    while k >= 0:
        f = ZH_FROM.search(text, max(0, k - 3), k + 20)
        if f is not None and f.start("p") == k + 2:
            _place_zh(s, f, out)
        k = text.find("来自", k + 2)
    k = text.find("家")
    while k >= 0:
        b = k - 2 if k >= 2 and text[k - 2 : k] == "我的" else k - 1 if k and text[k - 1] == "我" else k
        h = ZH_HOME.match(text, b) if b < k or (k and text[k - 1] in "，,") else None
        if h is not None and (b < k or "我" in text[s.sentence_of(k)[0] : k]):
            _place_zh(s, h, out)
        k = text.find("家", k + 1)


def _place_zh(s: Scan, m: re.Match[str], out: list[Claim]) -> None:
    """A place claim for the place that opens group `p` (none where "I" run: "中国的服务器上")."""
    where = m.group("p")
    pm = s.lex.place.search(where)
    if pm is None or pm[0] != 0 or any(w in s.text[m.start("p") : m.end() + 8] for w in _ZH_HOSTING):
        return
    said = _said(s, m.start())
    if said is not None:
        out.append(Claim("place", f"country:{pm[2]}", said[1].strip(), s.label_at(m.start())))


def home_self(s: Scan) -> list[Claim]:
    """Homes and making-places of "I" itself (English and Chinese)."""
    out: list[Claim] = []
    if s.ascii or not s.toks.isdisjoint(TRIGGERS):  # (an ASCII answer is here through TRIGGERS)
        _english(s, out)
    if not s.ascii and "我" in s.text:
        _chinese(s, out)
    return out


_KEYS = {v: v + " in " for v in _VERBS}  # (made once: a string built per answer costs its allocation)
_HOME_GATE = W.gate("home_nouns")
_HOME_STARTS = tuple(w.split()[0] for w in W["home_nouns"])
_FROM_GATE = _FROM | {"am", "m"}  # ("I'm from": the tokens "i", "m")
# the words that may stand right before " from " in `FROM_BEFORE` ("I'm": one word, lower-cased)
_FROM_WORDS = frozenset((*W["from_verbs"], *W["self_adverbs"], "am", "i'm", "i’m"))
TRIGGERS = _VERBS | _FROM | _HOME_GATE | {"from"}
CJK = ("我",)  # (every Chinese shape holds it: the gate other extractors share, tested once per answer)
