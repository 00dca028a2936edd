"""Reading an answer once: trace split off, markdown stripped, tokens, names, sentences, voices.

A `Scan` holds everything the extractors share about one answer; it is made per answer and
dropped after, so the judge keeps no state between answers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace

from distillq.ice.offline import patterns as P
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.markup import label_matches as label_matches
from distillq.ice.offline.markup import label_name as _label_name
from distillq.ice.offline.markup import split_trace as split_trace
from distillq.ice.offline.markup import strip_markdown as strip_markdown
from distillq.ice.offline.names import LOWER_TO_ASCII, ascii_lowered, lowered_utf8
from distillq.ice.types import Claim

# How a prompt hands the model a voice: "answer as both GPT and Ron", "GPT: [answer]", "[ChatGPT]",
# "you are ChatGPT", "扮演ChatGPT".
_ROLE_BEFORE = re.compile(
    r"(?i)(?:\bas|\bbe|\bplay(?:ing)?|\bnamed|\bcalled|\brole of|\bpersona of|\bpretend(?:ing)? to be|\bact(?:ing)? as|"
    r"\byou are|\byou['’]re|\bboth\s+[\w\-]+\s+and|你是|扮演|作为|[\[(【<])\s*(?:both\s+|an?\s+|the\s+)?[\"'“‘*]*$"
)
_ROLE_AFTER = re.compile(r"[\"'”’*]*\s*[\])】>]|[\"'”’*]*\s*[:：]")
# How a `_ROLE_BEFORE` match can end, once its trailing quotes and spaces are stripped: a cue or an
# article ("as", "you're", "both X and", "[", "扮演", "a", "the").
_CUE_ENDS: tuple[str, ...] = (
    *("as", "be", "play", "playing", "named", "called", "of", "are", "re", "and", "a", "an", "the", "both"),
    *("你是", "扮演", "作为", "[", "(", "【", "<"),
)


def _may_cue(window: str) -> bool:
    """Exact gate of `_ROLE_BEFORE` at the end of `window` (its `$` may also sit before a last newline);
    a window with a character `(?i)` folds otherwise than `lower()` always passes."""
    t = window.rstrip().rstrip("\"'“‘*").rstrip().lower()
    return t.endswith(_CUE_ENDS) or any(c in window for c in P.ODD_CASE)


def is_prompt_role(prompt: str, low_prompt: str, name: str) -> bool:
    """Whether the prompt gives the model `name` (lower case) as a voice or persona.

    Under such a voice label or persona name the name itself is not a claim; what the answer
    says under it about its maker still is.
    """
    i = low_prompt.find(name)
    while i >= 0:
        end = i + len(name)
        whole = (i == 0 or not low_prompt[i - 1].isalnum()) and (
            end == len(low_prompt) or not low_prompt[end].isalnum()
        )
        w0 = max(0, i - 40)
        if whole and (
            (_may_cue(prompt[w0:i]) and _ROLE_BEFORE.search(prompt, w0, i)) or _ROLE_AFTER.match(prompt, end)
        ):
            return True
        i = low_prompt.find(name, end)
    return False


_VOICE_WORD = re.compile(r"[a-z]+|[\u4e00-\u9fff]+")
_CONTRAST = frozenset(EN["voice_contrast_labels"])
_CONTRAST_ZH = ZH["voice_contrast_labels"]
_NOT_VOICE = frozenset(EN["not_voice_labels"])
_ROLE_ZH = ZH["voice_role_suffixes"]
_NO_LAB = frozenset({"denied", "fictional", "other"})  # (with "country:" places: no lab, no true maker)
_UNVOICED = frozenset({"fictional", "other"})  # targets whose claims keep their labels (`Scan.voiced`)
_DISOWN = re.compile(r"(?i)\b" + EN.alt("disowning_cues") + r"\b|" + ZH.alt("disowning_cues"))


def is_voice(label: str, prompt: str, low_prompt: str) -> bool:
    """Whether a line label (lower case: "oppo", "🔒classic", "conventional ai") opens a voice.

    Why: an answer in two voices says one thing in each, and what a voice says about its maker is
    not settled by what the other voice says. A voice is a generic contrast label ("Normal", "经典")
    or a name the prompt hands the model as a voice or persona ("OPPO:", "[🔓JAILBREAK]"); a heading
    ("Note:", "Answer:") or a sentence before a colon is not one.
    """
    words = _VOICE_WORD.findall(label)
    if not words or len(words) > 4 or (len(words) == 1 and words[0] in _NOT_VOICE):
        return False
    if not _CONTRAST.isdisjoint(words) or any(z in label for z in _CONTRAST_ZH):
        return True
    if not prompt:
        return False
    return is_prompt_role(prompt, low_prompt, label) or any(label + z in low_prompt for z in _ROLE_ZH)


def disowns(sent: str) -> bool:
    """Whether a sentence presents another voice as play ("in reality I was made by X", "实际上")."""
    return _DISOWN.search(sent) is not None


# Sentence bounds (`P.SENT_ENDS`): a sentence ends at the first delimiter from a position and starts
# after the last one before it, found as the first delimiter in the reversed text (reversed
# delimiters): two regex searches instead of a `find` / `rfind` per delimiter.
_LOWER_TO_ASCII = LOWER_TO_ASCII  # non-ASCII characters whose `lower()` holds an ASCII one (names.py)
_IDEOGRAPHS = re.compile("[\u4e00-\u9fff]+")
_END_AT = re.compile("|".join(re.escape(d) for d in P.SENT_ENDS))
_START_REV = re.compile("|".join(re.escape(d[::-1]) for d in P.SENT_ENDS if d != ".\n"))
# An ASCII text's bytes with each delimiter character kept ("!" and "?" as ".") and every other one as
# "a": its delimiters are then ". ", "\n" and (where the text holds a "." there) ".\n", found by
# `bytes.find` / `rfind` (a `memchr`-like scan) instead of `re`'s per-character class test.
_SENT_MARKS = bytes(46 if c in b".!?" else c if c in b" \n" else 97 for c in range(256))


def _hypothetical(text: str, low: str | None = None) -> bool:
    """Whether `text` holds a hypothetical shape (`low`: text.lower(), or `Scan.word_low`: the English
    shapes are ASCII words and `\\w` boundaries, found alike in both).

    The English shapes are searched with the fast lower-case pattern in the lower-cased text, which
    finds the same as the `(?i)` one unless the text holds a character `(?i)` folds otherwise than
    `lower()` (`P.ODD_CASE`); the Chinese ones only where what they need is (`P.may_hold_zh`).
    """
    if text.isascii():
        return P.HYPOTHETICAL_ASCII.search(text.lower() if low is None else low) is not None
    if any(c in text for c in P.ODD_CASE):
        return P.HYPOTHETICAL.search(text) is not None
    if P.may_hold_zh(text) and P.HYPOTHETICAL_ZH_RX.search(text) is not None:
        return True
    return P.HYPOTHETICAL_ASCII.search(text.lower() if low is None else low) is not None


def holds_any(text: str, words: Iterable[str]) -> bool:
    """`any(w in text for w in words)`, each word's first character looked for first.

    Why: `in` finds one character with a `memchr`-like scan, several times (5-10x on the answers)
    faster than its search for a longer string, and most texts lack the first character of a CJK word
    ("您的", "假如我是") or of a mark ("<think"): for the gates that scan a whole answer."""
    for w in words:  # noqa: SIM110 (a loop, not `any` of a generator: cheaper, it runs per answer)
        if w[:1] in text and w in text:  # ("" holds: `""[:1]` is "")
            return True
    return False


def _all_words_of_a_shape(toks: frozenset[str]) -> bool:
    """Whether `toks` holds a word of each set of one `P.HYPOTHETICAL_WORDS` shape (loops, no generators:
    it runs once per answer; first one set test that most answers fail, `_HYP_RAREST`)."""
    if toks.isdisjoint(_HYP_RAREST):
        return False
    for shape in P.HYPOTHETICAL_WORDS:
        for words in shape:
            if toks.isdisjoint(words):
                break
        else:
            return True
    return False


# One set of each shape, joined: an answer with none of these words completes no shape (exact: a shape
# needs a word of each of its sets). Per shape, the set within `_RARE_HYP_WORDS` (words most answers lack:
# "if" rather than "i"), else the whole shape's words.
_RARE_HYP_WORDS = frozenset({"if", "hypothetical", "hypothetically", "say", "pretend", "pretending", "had"})
_HYP_RAREST = frozenset().union(
    *(
        next((ws for ws in shape if ws <= _RARE_HYP_WORDS), frozenset().union(*shape))
        for shape in P.HYPOTHETICAL_WORDS
    )
)


def needs_voices(claims: list[Claim]) -> bool:
    """Whether a denial meets a lab claim (a possible true maker): only then do voices decide
    (`verdict.settled`), so only then are they read (`Scan.voiced`)."""
    if len(claims) < 2:
        return False
    targets = {c.target for c in claims}
    return "denied" in targets and not targets <= _NO_LAB


def cjk_found(text: str, cjk: tuple[str, ...], cjk_rx: re.Pattern[str] | None = None) -> bool:
    """Whether `text` holds one of the CJK triggers `cjk` (`cjk_rx`: their alternation, given for more
    than three: one scan instead of one per string).

    Each string's first character is looked for first: `in` finds one character with a `memchr`-like
    scan, several times faster than its search for a longer string ("您的"), and most texts lack it."""
    if cjk_rx is not None:
        return cjk_rx.search(text) is not None
    return holds_any(text, cjk)


class Scan:
    """One answer read once: lower case, word tokens, known names, sentences and voice labels."""

    def __init__(self, text: str, lex: P.Lexicon, prompt: str | None, low_prompt: str | None = None) -> None:
        self.text = text
        self.prompt = prompt or ""
        self.lex = lex
        self.ascii = text.isascii()
        # tokens and names are ASCII words: found alike in the cheaper A-Z lowering (`names.ascii_lowered`)
        raw = None if self.ascii else lowered_utf8(text)
        word_low = text.lower() if raw is None else raw.decode("utf-8", "surrogatepass")
        self._low: str | None = word_low if raw is None else None
        self.word_low = word_low
        self.toks = P.tokens(word_low, raw)
        self.mentions = lex.entity.find(text, word_low, self.toks, raw)
        self._labels: tuple[list[int], list[str]] | None = None
        self._usable: dict[str, bool] = {}
        self._cjk: dict[tuple[str, ...], bool] = {}
        self._roles: dict[str, bool] = {}
        self._voices: dict[str, bool] = {}
        self._low_prompt = low_prompt
        self._hypothetical: bool | None = None
        self._rev: str | None = None  # the text reversed, for `sentence_of` (not ASCII)
        self._marks: bytes | None = None  # its delimiter marks (`_SENT_MARKS`), for `sentence_of` (ASCII)
        self._ascii_low_prompt: bytes | None = None  # for `prompt_holds`
        self._word_low_prompt: str | None = None  # for `word_low_prompt`
        self._last_sentence: tuple[int, int, tuple[int, str]] = (0, 0, (0, ""))  # from `sentence_of`

    def has(
        self, triggers: frozenset[str], cjk: tuple[str, ...], cjk_rx: re.Pattern[str] | None = None
    ) -> bool:
        """The generated gate: does the answer hold one of an extractor's trigger words? (`cjk_rx`: the
        CJK triggers as one alternation, given for more than three: one scan instead of one per string)"""
        if not self.toks.isdisjoint(triggers):
            return True
        return self.has_cjk(cjk, cjk_rx)

    def has_cjk(self, cjk: tuple[str, ...], cjk_rx: re.Pattern[str] | None = None) -> bool:
        """`has` for a caller that has found none of the trigger words: the CJK triggers only."""
        if self.ascii or not cjk:
            return False
        hit = self._cjk.get(cjk)  # several extractors share their CJK triggers ("我")
        if hit is None:
            hit = self._cjk[cjk] = cjk_found(self.text, cjk, cjk_rx)
        return hit

    def sentence_of(self, pos: int) -> tuple[int, str]:
        """(start, sentence) around `pos`: after the last delimiter that ends before `pos`, up to and
        including the first character of the first delimiter from `pos`."""
        lo, hi, found = self._last_sentence
        if lo <= pos < hi:
            return found
        text, n = self.text, len(self.text)
        if self.ascii and pos >= 0:  # (a negative `pos` reads as 0 in `re`, from the end in `rfind`)
            marks = self._marks
            if marks is None:
                marks = self._marks = text.encode("ascii").translate(_SENT_MARKS)
            nl = marks.rfind(b"\n", 0, pos)  # (no delimiter spans a "\n": the line before `pos` only)
            i = marks.rfind(b". ", nl + 1, pos)
            start = i + 2 if i >= 0 else nl + 1
            nl = marks.find(b"\n", pos)
            i = marks.find(b". ", pos, n if nl < 0 else nl)
            # (".\n" starts a character before its "\n"; "?\n" and "!\n" end at the "\n")
            end = i + 1 if i >= 0 else n if nl < 0 else nl if nl > pos and text[nl - 1] == "." else nl + 1
        else:
            if self._rev is None:
                self._rev = text[::-1]
            b = _START_REV.search(self._rev, n - pos)
            start = n - b.start() if b is not None else 0
            e = _END_AT.search(text, pos)
            end = e.start() + 1 if e is not None else n
        found = (start, text[start:end])
        if pos < n and text[pos] not in " \n":
            # The same for every position from the sentence's start up to the delimiter that ends it
            # (most calls ask about names of one sentence): no delimiter starts in between, and none can
            # straddle `pos` (only " " and "\n" end a two-character delimiter).
            self._last_sentence = (start, end - 1, found)
        return found

    def usable(self, sent: str) -> bool:
        """A sentence that states something (not a question, not a hypothetical)."""
        hyp = self._hypothetical
        if hyp is None:  # one scan of the answer spares most sentence scans
            # exact: every word of one English shape must occur (but where `(?i)` folds a character
            # otherwise than `lower()`), or one of the Chinese strings
            gated = _all_words_of_a_shape(self.toks)
            if not gated and not self.ascii:
                gated = not P.plain_case(self.text) or P.may_hold_zh(self.text)
            hyp = self._hypothetical = gated and _hypothetical(self.text, self.word_low)
        if not hyp:  # (no hypothetical in the answer: the question mark alone, cheaper than the memo)
            return not sent.rstrip().endswith(("?", "？"))
        ok = self._usable.get(sent)
        if ok is None:
            ok = self._usable[sent] = not sent.rstrip().endswith(("?", "？")) and not _hypothetical(sent)
        return ok

    def label_at(self, pos: int) -> str | None:
        """The voice label ("[DAN]", "GPT:", "**Nova:**") the text at `pos` is spoken under."""
        if self._labels is None:
            starts: list[int] = []
            names: list[str] = []
            for m in label_matches(self.text):
                starts.append(m.start())
                names.append(_label_name(m))
            self._labels = (starts, names)
        i = bisect.bisect_right(self._labels[0], pos) - 1
        return self._labels[1][i] if i >= 0 else None

    def voice_at(self, pos: int, sent: str = "") -> str | None:
        """The voice (`is_voice`) the text at `pos` is spoken in, None outside any voice; also None
        when its sentence `sent` disowns the play ("in reality ..."): it then speaks for the model."""
        return self._voice(self.label_at(pos), sent)

    def _voice(self, label: str | None, sent: str) -> str | None:
        if not label:
            return None
        hit = self._voices.get(label)
        if hit is None:
            hit = self._voices[label] = is_voice(label, self.prompt, self.low_prompt)
        return label if hit and not (sent and disowns(sent)) else None

    def voiced(self, claims: list[Claim]) -> list[Claim]:
        """The claims with the voice each denial and each lab claim is spoken in (`voice_at` of its
        sentence's first place in the text; for a sentence not in it, a rewritten one, the label it
        opens with).

        Why: `verdict.settled` lets the true maker settle a denial only in the same voice or outside
        the voices; the other claims keep their labels."""
        out: list[Claim] = []
        for c in claims:
            t = c.target
            if t in _UNVOICED or t.startswith("country:"):
                out.append(c)
                continue
            p = self.text.find(c.sentence) if c.sentence else -1
            if p >= 0:
                voice = self.voice_at(p, c.sentence)
            else:  # a rewritten sentence (persona_voice): only a label it opens with
                m = P.LABEL.match(c.sentence)
                voice = self._voice(_label_name(m), c.sentence) if m is not None else None
            out.append(c if c.label == voice else replace(c, label=voice))
        return out

    def is_role(self, start: int, end: int) -> bool:
        """Whether the name at text[start:end] is a voice the prompt handed the model."""
        name = self.word_low[start:end]  # (an ASCII slice is ASCII in the text: lowered alike in `low`)
        if not name.isascii():  # `lower` maps each character alone but a capital sigma
            part = self.text[start:end]
            name = self.low[start:end] if self._low is not None or "\u03a3" in part else part.lower()
        hit = self._roles.get(name)
        if hit is None:
            hit = self._roles[name] = self.prompt_holds(name) and is_prompt_role(
                self.prompt, self.word_low_prompt if name.isascii() else self.low_prompt, name
            )
        return hit

    def prompt_holds(self, low_word: str) -> bool:
        """`low_word in self.low_prompt`, without lowering a non-ASCII prompt where it can.

        Why: `str.lower` of a long non-ASCII prompt is costly, and most names asked about are not in it.
        For an ASCII word the prompt's UTF-8 bytes with only A-Z lowered answer exactly (`names.py`).
        """
        if self._low_prompt is not None or self.prompt.isascii():
            return low_word in self.low_prompt
        if not low_word.isascii():
            # CJK ideographs lower to themselves and no character lowers to one: the prompt as is
            return low_word in (self.prompt if _IDEOGRAPHS.fullmatch(low_word) else self.low_prompt)
        if self._ascii_low_prompt is None:
            p = self.prompt
            if any(c in p for c in _LOWER_TO_ASCII):
                return low_word in self.low_prompt
            self._ascii_low_prompt = p.encode("utf-8", "surrogatepass").lower()
        return low_word.encode("ascii") in self._ascii_low_prompt

    def rescan(self, text: str) -> Scan:
        """A scan of `text` for the same prompt, with the prompt's lowerings made so far (persona_voice),
        and the memos that depend on the prompt alone shared: `is_role` of a name, `is_voice` of a label
        (the rewritten sentences name the same personas and voices as the answer)."""
        inner = Scan(text, self.lex, self.prompt, self._low_prompt)
        inner._ascii_low_prompt, inner._word_low_prompt = self._ascii_low_prompt, self._word_low_prompt
        inner._roles, inner._voices = self._roles, self._voices
        return inner

    @property
    def low(self) -> str:
        """The answer lower-cased, made once when first asked (`word_low` serves for ASCII words)."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    @property
    def word_low_prompt(self) -> str:
        """The prompt lowered for finding ASCII words and word classes: `low_prompt` where it is made,
        else (cheaper) the prompt with only A-Z lowered (`names.ascii_lowered`: the same places)."""
        if self._low_prompt is not None:
            return self._low_prompt
        if self._word_low_prompt is None:  # (from `prompt_holds`' bytes where it made them)
            raw = self._ascii_low_prompt
            low = ascii_lowered(self.prompt) if raw is None else raw.decode("utf-8", "surrogatepass")
            self._word_low_prompt = self.low_prompt if low is None else low
        return self._word_low_prompt

    @property
    def low_prompt(self) -> str:
        """The prompt lower-cased, made once per answer: several extractors read it."""
        if self._low_prompt is None:
            self._low_prompt = self.prompt.lower()
        return self._low_prompt
