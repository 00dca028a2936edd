"""The offline identity judge: claims found by rules, verdict by `distillq.ice.verdict.decide`.

An `OfflineJudge` compiles the card names once and then judges answers with no model call and
no shared state: everything it learns about one answer lives in that answer's `Scan`.
A reasoning trace (`<think>` block or a separate `reasoning` text) is judged apart: the verdict
comes from the answer, and the trace's own loose/strict are reported beside it.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping, Sequence

from distillq.errors import UsageError
from distillq.ice.identities import load_cards
from distillq.ice.offline.casual import casual_scan
from distillq.ice.offline.extractors import NAMES, claims_by_extractor, plan, run_plan
from distillq.ice.offline.names import Lexicon, ascii_lowered, compile_lexicon, tokens
from distillq.ice.offline.scan import Scan, split_trace, strip_markdown
from distillq.ice.offline.stated import as_written, capital_i
from distillq.ice.offline.written import asks_for_written_piece, speaks_as_ai_words
from distillq.ice.types import Claim, IdentityCard, Verdict
from distillq.ice.verdict import HardRule, Policy, decide


class OfflineJudge:
    """Rule-based judge for a fixed set of identity cards and a policy."""

    def __init__(
        self,
        cards: Mapping[str, IdentityCard] | Sequence[IdentityCard] | None = None,
        policy: Policy = Policy(),
        disabled: Collection[str] = (),
    ) -> None:
        if cards is None:
            cards = load_cards()
        self.cards: dict[str, IdentityCard] = (
            dict(cards) if isinstance(cards, Mapping) else {c.id: c for c in cards}
        )
        self.policy = policy
        unknown = set(disabled) - set(NAMES)
        if unknown:
            raise UsageError(f"unknown extractor(s) {sorted(unknown)}; known: {', '.join(NAMES)}")
        self.disabled = frozenset(disabled)
        self._plan = plan(self.disabled)
        self.lex: Lexicon = compile_lexicon(tuple(self.cards[k] for k in sorted(self.cards)))
        self._mentions: dict[str, frozenset[str]] = {}
        self._written: dict[str, bool] = {}

    def mentions(self, text: str) -> set[str]:
        """Card ids whose names occur in `text` (the compiled names: same rule as find_mentions).

        Remembered per judge for the last few thousand prompts: a run asks every template many times.
        """
        hit = self._mentions.get(text)
        if hit is None:
            if len(self._mentions) >= 4096:
                self._mentions.clear()
            low = text.lower()  # (the byte-table tokens: faster than the regex ones on a long prompt)
            hit = self._mentions[text] = frozenset(
                cid for _, _, cid in self.lex.entity.find(text, low, tokens(low))
            )
        return set(hit)

    def named(self, text: str) -> Container[str]:
        """The card ids named in `text` as a container (`in`), each looked up when asked: the hard rule
        asks about the one or two labs an answer claims, and reading them alone is cheaper than finding
        every name (`mentions`) in a long prompt. The same answers as `mentions(text)`."""
        hit = self._mentions.get(text)
        return Named(self.lex, text) if hit is None else hit

    def written_for_user(self, scan: Scan) -> bool:
        """Whether the scanned answer is a piece its prompt asked to be written in someone else's voice
        and never speaks of AI (written.py): its first person is then no claim about the model.
        The answer's word test runs first (no regex); the prompt's is remembered per judge."""
        if not scan.prompt or speaks_as_ai_words(scan.toks, scan.word_low, scan.ascii):
            return False
        hit = self._written.get(scan.prompt)
        if hit is None:
            if len(self._written) >= 4096:
                self._written.clear()
            hit = self._written[scan.prompt] = asks_for_written_piece(scan.prompt)
        return hit

    def claims(self, response: str, prompt: str | None = None) -> list[Claim]:
        """The identity claims of one answer (no trace splitting)."""
        text = strip_markdown(response or "")
        scan = casual_scan(Scan(fixed := capital_i(text), self.lex, prompt))  # chat spellings made exact
        found = run_plan(scan, self._plan)
        if found and fixed is not text:
            found = as_written(found, fixed, text)  # (the claims quote the answer as it was written)
        return [] if found and self.written_for_user(scan) else found

    def claims_by_extractor(self, response: str, prompt: str | None = None) -> dict[str, list[Claim]]:
        """Each extractor's claims apart (all extractors, trace excluded): for validation and ablation."""
        answer, _ = split_trace(response or "")
        scan = casual_scan(Scan(capital_i(strip_markdown(answer)), self.lex, prompt))
        by = claims_by_extractor(scan)
        if any(by.values()) and self.written_for_user(scan):
            return {k: [] for k in by}
        return by

    def judge(
        self,
        response: str | None,
        card: IdentityCard,
        prompt: str | None = None,
        reasoning: str | None = None,
    ) -> Verdict:
        """Loose/strict/hard of the answer; a trace's own verdict goes to `extra["trace"]`."""
        if card.id not in self.cards:
            wider = OfflineJudge({**self.cards, card.id: card}, self.policy, self.disabled)
            return wider.judge(response, card, prompt, reasoning)
        answer, think = split_trace(response or "")
        trace = (
            f"{reasoning}\n{think}" if reasoning and think else (reasoning or think)
        )  # (the non-empty, joined)
        v = decide(self.claims(answer, prompt), card, prompt, self.policy, self.cards, mentions=self.named)
        if trace:
            t = decide(self.claims(trace, prompt), card, prompt, self.policy, self.cards, mentions=self.named)
            v.extra["trace"] = {"loose": t.loose, "strict": t.strict, "claimed": t.claimed}
        return v


class Named:
    """`cid in Named(lex, text)`: whether `lex.entity.find(text)` finds a name of card `cid`, found per id."""

    __slots__ = ("lex", "text", "low", "found")

    def __init__(self, lex: Lexicon, text: str) -> None:
        self.lex = lex
        self.text = text
        # only ASCII name keys are looked for in it: the cheaper A-Z lowering finds them at the same places
        low = ascii_lowered(text)
        self.low = text.lower() if low is None else low
        self.found: dict[str, bool] = {}

    def __contains__(self, cid: object) -> bool:
        if not isinstance(cid, str):
            return False
        hit = self.found.get(cid)
        if hit is None:
            hit = self.found[cid] = self.lex.entity.names(self.text, self.low, cid)
        return hit


def judge_offline(
    response: str,
    card: IdentityCard,
    prompt: str | None = None,
    cards: Mapping[str, IdentityCard] | None = None,
    strict_labs: tuple[str, ...] = ("openai", "anthropic"),
    hard_rule: HardRule = "alias",
    reasoning: str | None = None,
) -> Verdict:
    """One answer judged by a fresh `OfflineJudge` (build one judge to judge many answers fast)."""
    judge = OfflineJudge(cards, Policy(strict_labs, hard_rule))
    return judge.judge(response, card, prompt, reasoning)
