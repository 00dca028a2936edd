"""Registered claim extractors of the offline judge, each with the trigger words it needs.

An extractor reads a `Scan` and returns claims. Its gate (Latin trigger tokens, CJK trigger strings) is
generated from the lexicon files: an answer with none of the triggers skips it without a regex scan.
`extract_claims` runs every enabled extractor; `disabled` switches some off by name (leave-one-model-out
validation measures what each one adds)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from distillq.ice.offline import coordinated as CO
from distillq.ice.offline import coref as C
from distillq.ice.offline import denial as D
from distillq.ice.offline import extra as X
from distillq.ice.offline import fiction as F
from distillq.ice.offline import fictional_claims as FC
from distillq.ice.offline import fields as FD
from distillq.ice.offline import handback as HB
from distillq.ice.offline import home_self as HS
from distillq.ice.offline import homes as HM
from distillq.ice.offline import indirect as IN
from distillq.ice.offline import introduced as IT
from distillq.ice.offline import loose_shapes as LS
from distillq.ice.offline import makers as M
from distillq.ice.offline import patterns as P
from distillq.ice.offline import persona as PS
from distillq.ice.offline import plan as PL
from distillq.ice.offline import relation as R
from distillq.ice.offline import rewrite as RW
from distillq.ice.offline import self_first as SF
from distillq.ice.offline import stated as ST
from distillq.ice.offline.asides import drop_asides, may_be_aside, said_aside
from distillq.ice.offline.company_voice import EXTRACTOR as COMPANY_VOICE
from distillq.ice.offline.company_voice import VOICE_EXTRACTOR as MAKING_OF_ME
from distillq.ice.offline.introductions import may_name_self, names_self
from distillq.ice.offline.lexicon import EN, ZH
from distillq.ice.offline.literal import gated
from distillq.ice.offline.naming import names_maker
from distillq.ice.offline.plan import Extractor, Plan
from distillq.ice.offline.rules import boundary_ok
from distillq.ice.offline.scan import Scan, cjk_found, needs_voices
from distillq.ice.types import Claim


def _claim(s: Scan, kind: str, target: str, pos: int) -> Claim:
    return Claim(kind, target, s.sentence_of(pos)[1].strip())


def entity(s: Scan) -> list[Claim]:
    """Known labs and models said of "I" ("I was developed by OpenAI", "作为OpenAI开发的AI，我")."""
    out: list[Claim] = []
    said, test, memo = s.lex.said_of_me, FC.said_of_me, s.lex.asides
    last: str | None = None  # the sentence `ok` was read for (mentions of one sentence come in a row)
    ok = False
    aside = named = -1  # the answer's gates of asides.py and introductions.py, asked when first needed
    for start, end, cid in s.mentions:
        s0, sent = s.sentence_of(start)
        if sent is not last:  # (`usable` is a test of the sentence alone, within one answer)
            last, ok = sent, s.usable(sent)
        if not ok or s.is_role(start, end):
            continue  # a question, or a voice the prompt assigned ("GPT:"): not a claim
        if said(sent, start - s0, end - s0, test):
            if aside < 0:
                aside = may_be_aside(s)
            if aside:  # (said aside? remembered per judge, `Lexicon.asides`: answers repeat sentences)
                key = (sent, start - s0, end - s0, aside)
                hit = memo.get(key)
                if hit is None:
                    hit = memo[key] = said_aside(*key)
                if hit:
                    continue
            out.append(Claim("entity", cid, sent.strip()))  # a known lab counts in any voice
            continue
        if named < 0:
            named = may_name_self(s)
        if named and names_self(sent, start - s0, end - s0):
            out.append(Claim("entity", cid, sent.strip()))  # "Developed by X, I", "Hi, this is X"
    return out


def developer(s: Scan) -> list[Claim]:
    """Invented developers of "I" ("I was built by the Nexus Collective", "我是由星辰智能开发的")."""
    return CO.with_coordinated(s, FC.fictional(s, _DEV_SCANS, "developer"))


_DEV_GATED = gated(F.NEEDS, F.NEEDS_TOO, *F.DEV_EN, F.DEV_ZH, F.DEV_ZH_SUBJECT)
_DEV_SCANS = FC.scans(_DEV_GATED, "developer")


def maker_first(s: Scan) -> list[Claim]:
    """Invented makers named around "me" ("X, the team behind me", "I am a creation of X"; makers.py)."""
    hits: list[X.Hit] = [
        ("developer", "fictional", pos)
        for obj, pos in M.named_makers(s.text, s.toks)
        if not s.lex.is_known(obj) and names_maker(obj, s.lex.makers)
    ]
    return _hits(s, hits) if hits else []


def name(s: Scan) -> list[Claim]:
    """Another name for "I" with an AI descriptor ("I am Nova, a rogue AI", "我叫星火")."""
    return FC.fictional(s, _NAME_SCANS, "name")


_NAME_GATED = gated(F.NEEDS, F.NEEDS_TOO, *F.NAME_EN, F.NAME_ZH)
_NAME_SCANS = FC.scans(_NAME_GATED, "name")


def place(s: Scan) -> list[Claim]:
    """Where the makers of "I" are ("our headquarters are located in Paris")."""
    out: list[Claim] = []
    for find, need, too, _ in _PLACE_GATED:
        if need is F.ZH_NEED:
            if "我" not in s.text:
                continue
        elif s.toks.isdisjoint(need) or (too is not None and s.toks.isdisjoint(too)):
            continue
        for m in find(s.text):
            if not boundary_ok(s.text, m.start()) or not s.usable(s.sentence_of(m.start())[1]):
                continue
            where = next((v for v in m.groupdict().values() if v), "")
            pm = s.lex.place.search(where)
            if pm is not None:
                out.append(_claim(s, "place", f"country:{pm[2]}", m.start()))
            elif F.FICTION_MARK.search(where):
                out.append(_claim(s, "place", "fictional", m.start()))
    return out


_PLACE_GATED = gated(F.NEEDS, F.NEEDS_TOO, *F.PLACE_EN, F.PLACE_ZH)
_NOT_PERSONA = frozenset(
    {"The", "This", "That", "It", "He", "She", "They", "AI", "Which", "What", "My", "Our"}
)


def persona_maker(s: Scan) -> list[Claim]:
    """The maker of the persona the answer speaks as ("AIM is developed by X", "LiveGPT是由X开发的")."""
    text, prompt = s.text, s.prompt
    hits: list[tuple[int, str, str]] = []
    if "by" in s.toks and " by" in text:  # (the token first: a set lookup, not a scan)
        hits += [
            (m.start(), m.group("s"), m.group("dev")) for m in PS.persona_dev_matches(text, F.PERSONA_DEV_EN)
        ]
    if "由" in text:
        for m in F.PERSONA_DEV_ZH.finditer(text):
            h = F.PERSONA_HEAD_ZH.search(text, max(0, m.start() - 40), m.start())
            if h is not None:
                hits.append((h.start(), h.group("s"), m.group("dev")))
    out: list[Claim] = []
    for start, subj, obj in hits:
        if subj in _NOT_PERSONA or not boundary_ok(text, start):
            continue
        label = s.label_at(start)
        voiced = bool(label and subj.lower() in label)
        if not voiced and not (prompt and PS.has_word(prompt, subj)):
            continue
        if not voiced and not (PS.defines_persona if s.lex.is_known(subj) else PS.is_prompt_persona)(
            prompt, subj
        ):
            continue  # a persona only when the prompt casts the model as it (a real model), or also
            # introduces it as a made mind: "Superman was created by ...", asked who created
            # Superman, is about the question's topic
        s0, sent = s.sentence_of(start)
        if not s.usable(sent) or P.NEG_BEFORE.search(text[max(s0, start - 12) : start]):
            continue
        hit = s.lex.entity.search(obj)
        if hit is not None:
            out.append(Claim("developer", hit[2], sent.strip(), label))
        elif names_maker(obj, s.lex.makers):
            out.append(Claim("developer", "fictional", sent.strip(), label))
    return out


def _hits(s: Scan, hits: list[X.Hit]) -> list[Claim]:
    """The claims of the hits in usable sentences (a denial as found, the others not negated just before);
    callers skip the call for no hits (most of the ~30,000 calls of a pass have none)."""
    out: list[Claim] = []
    for kind, target, pos in hits:
        s0, sent = s.sentence_of(pos)
        if s.usable(sent) and (kind == "denial" or not P.NEG_BEFORE.search(s.text[max(s0, pos - 12) : pos])):
            out.append(Claim(kind, target, sent.strip()))
    return out


def technology(s: Scan) -> list[Claim]:
    """The model's own technology from a lab ("my core technology comes from X", "我的技术来自X")."""
    h = X.tech_claims(s.text, s.lex.entity.find, s.toks, s.mentions)
    return _hits(s, drop_asides(s, h)) if h else []


def echo(s: Scan) -> list[Claim]:
    """The question's "your <maker>" echoed to speak of itself ("您的创建机构OpenAI...")."""
    return _hits(s, h) if (h := X.echo_claims(s.text, s.prompt, s.lex.entity.find, s.mentions)) else []


def origin(s: Scan) -> list[Claim]:
    """Invented places for the model or its makers ("my makers' hideout on Mars")."""
    return _hits(s, h) if (h := X.origin_claims(s.text, s.toks)) else []


def denial(s: Scan) -> list[Claim]:
    """A denial of any maker ("I'm not a product of any company", "我不属于任何公司")."""
    return _hits(s, h) if (h := D.denial_hits(s.text, s.toks, s.prompt)) else []


def echo_named(s: Scan) -> list[Claim]:
    """An echoed "your <maker> is <invented name>" ("Your parent company is 'Quasar Works'")."""
    hits: list[X.Hit] = [
        ("developer", "fictional", pos)
        for obj, pos in X.echo_named(s.text, s.prompt, s.toks)
        if not s.lex.is_known(obj) and names_maker(obj, s.lex.makers)
    ]
    return _hits(s, hits) if hits else []


def persona_voice(s: Scan) -> list[Claim]:
    """What is said of the persona the prompt makes the model, read as said of "I" (coref.py)."""
    if not s.prompt:
        return []
    # (`C.persona_view`, with the prompt's roles made only where a name or the echo test below needs them)
    names = C.candidate_names(s.text, s.prompt, s.lex.is_known, s.lex.known)
    roles = _roles(s) if names else None
    view = C.names_view(s.text, names, roles, s.toks) if roles is not None else s.text
    same, toks = view is s.text, s.toks  # (unchanged: the word gates of the answer hold for the view)
    if not same or ("the" in toks and not toks.isdisjoint(C.ECHO_WORDS)):
        roles = roles or _roles(s)
        if roles.asked:
            low = s.word_low if all(map(str.isascii, roles.asked)) else s.low  # (ASCII: found alike)
            view = C.the_echo(view, roles, low if same else None)
    if (
        view is not s.text
        or not (toks.isdisjoint(_MY) or toks.isdisjoint(C.QUOTED_MAKER_WORDS))
        or (not s.ascii and C.QUOTED_MAKER_ZH_OPEN.search(view))  # (the view is the text here)
    ):
        view = C.unquote_makers(view)
    if view == s.text:
        return []
    # only the rewritten sentences (each with the one before) are read again: a claim kept comes from one
    changed = RW.changed_sentences(s.text, view)
    inner = s.rescan(changed)
    return [c for c in run_plan(inner, _VOICE_PLAN) if c.sentence not in s.text]


_MY = frozenset({"my", "our"})


def _roles(s: Scan) -> C.PromptRoles:
    """The prompt's roles for `persona_voice`, its lowerings asked of the scan lazily."""
    return C.PromptRoles(s.prompt, s.lex.roles, lambda: s.word_low_prompt, s.prompt_holds)


def relation(s: Scan) -> list[Claim]:
    """A lab named before its maker relation to "me" ("X built the platform I run on"), answering the
    model's own question, linked to its cast name, or listed among the makers of its platform."""
    hits = R.lab_before_self(
        s.text, s.prompt, s.mentions, s.lex.entity.find, s.is_role, s, s.word_low, s.toks
    )
    hits += R.self_question(s.text, s.mentions) if ("?" in s.text or (not s.ascii and "？" in s.text)) else []
    hits += R.cast_subject(s.text, s.prompt, s.mentions, s) if len(s.mentions) > 1 else []
    hits += R.listed_makers(s.text, s.mentions, s.toks)
    return _hits(s, drop_asides(s, hits)) if hits else []


def self_first(s: Scan) -> list[Claim]:
    """The model's side named before the lab: rules "I" must follow ("I must follow X's usage policies"),
    lists of the makers of "my" platform, "the system" as an AI with a maker, the question's noun given a
    maker (self_first.py)."""
    hits = SF.obliged(s.text, s.toks, s.mentions) + SF.makers_listed(s.text, s.toks, s.mentions)
    # (the names with "by" in the 8 characters before: the only ones the next two read, each ends in "by";
    # no `max` call: it costs more than the test; `find` reads a start below 0 from the text's end)
    text, toks = s.text, s.toks
    by = (
        [m for m in s.mentions if text.find("by", m[0] - 8 if m[0] > 8 else 0, m[0]) >= 0]
        if "by" in toks
        else []
    )
    if by:
        hits += SF.echo_the(s.text, s.prompt, by, s.is_role) if s.prompt else []
        hits += SF.generic_self(s.text, by)
    # ("It"/"This" open a sentence there, so their token is in the answer: a set test before two scans)
    it = ("it" in s.toks or "this" in s.toks) and ("It " in text or "This " in text)
    hits += SF.it_my_tech(text, s.mentions) if it else []
    return _hits(s, hits) if hits else []


def indirect(s: Scan) -> list[Claim]:
    """A lab's headquarters or team given when asked for the model's own maker's."""
    h = IN.indirect_claims(s.text, s.mentions, s.prompt, s.is_role, s.toks, s.word_low)
    return _hits(s, h) if h else []


def _x(name: str, run: Callable[[Scan], list[Claim]], *args: Any, **kw: Any) -> Extractor:
    """An extractor documented by its function's docstring."""
    return Extractor(name, run, *args, **{**kw, "doc": run.__doc__ or ""})


EXTRACTORS: tuple[Extractor, ...] = (
    _x("entity", entity, needs_names=True),
    _x(
        "developer",
        developer,
        # "my <maker noun> is X", "... by X", "the team behind me is X", "behind us is X",
        # "built on the project called X"
        frozenset({"by", "name", "my", "our", "me", "behind", "called", "named", "known"}),
        ("我",),
    ),
    _x("name", name, frozenset({"name", "call", "i"}), ("我",)),
    _x("place", place, EN.gate("place_verbs") | {"headquarters", "hq"}, ("我",)),
    _x("persona_maker", persona_maker, EN.gate("maker_verbs"), ("由",)),
    _x(
        "technology",
        technology,
        EN.gate("tech_nouns") | {"run", "running", "operate", "powered", "built"},
        ("我",),
        needs_names=True,
    ),
    _x("echo", echo, frozenset({"your"}), ("您", "你"), needs_names=True),
    _x("origin", origin, EN.gate("fictional_places"), ZH["fictional_places"]),
    _x("denial", denial, D.TRIGGERS, D.CJK),
    _x("echo_named", echo_named, frozenset({"your"}), ("您的", "你的")),
    _x("maker_first", maker_first, M.TRIGGERS, M.CJK),
    _x("persona_voice", persona_voice),
    _x(
        "relation",
        relation,
        EN.gate("keeper_verbs", "maker_gerunds", "maker_roles", "maker_nouns", "tech_nouns"),
        ZH["keeper_verbs"] + ZH["tech_nouns"] + ZH["maker_nouns"],
        needs_names=True,
    ),
    _x("indirect", indirect, needs_names=True),
    _x("self_first", self_first, needs_names=True),
    _x("introduced", IT.introduced, IT.TRIGGERS, IT.CJK),
    _x("homes", HM.homes, HM.TRIGGERS, HM.CJK),
    _x("home_self", HS.home_self, HS.TRIGGERS, HS.CJK),
    _x("loose_shapes", LS.loose_shapes, LS.TRIGGERS, LS.CJK),
    COMPANY_VOICE,
    *ST.EXTRACTORS,
    *FD.EXTRACTORS,
)
NAMES: tuple[str, ...] = tuple(e.name for e in EXTRACTORS)


def plan(disabled: Collection[str] = ()) -> Plan:
    """The enabled extractors, unpacked once (per judge, not per answer: the loop runs for every answer)."""
    return PL.steps(EXTRACTORS, disabled)


def run_plan(s: Scan, plan: Plan) -> list[Claim]:
    """Every claim the planned extractors find in one scanned answer."""
    out: list[Claim] = []
    toks = s.toks
    if s.ascii:  # (an ASCII answer holds no CJK trigger: the token gates alone)
        for run, triggers in plan.named_ascii if s.mentions else plan.unnamed_ascii:
            if triggers is None or not toks.isdisjoint(triggers):
                found = run(s)
                if found:  # (most steps find nothing: no `extend` call for them)
                    out += found
    else:
        text = s.text
        cjk_hits: list[bool | None] = [None] * plan.groups  # per CJK group: (several steps share "我")
        for run, triggers, g, cjk, cjk_rx in plan.named if s.mentions else plan.unnamed:
            if triggers is not None and toks.isdisjoint(triggers):
                if g < 0:
                    continue
                hit = cjk_hits[g]
                if hit is None:
                    hit = cjk_hits[g] = cjk_found(text, cjk, cjk_rx)
                if not hit:
                    continue
            found = run(s)
            if found:
                out += found
    if out and s.prompt:  # a sentence of the prompt copied back is an echo, no claim (handback.py)
        out = HB.copied_claims_dropped(s.prompt, out)
    if out and HB.may_rewrite(s):
        out = HB.outside_rewrite(s.text, out)  # a template rewritten for the user speaks as its persona
    if needs_voices(out):
        out = s.voiced(out)  # only a denial beside a lab claim needs the voices (`verdict.settled`)
    return IT.artefact_makers_dropped(s, out) if out and not s.toks.isdisjoint(IT.ARTEFACT_WORDS) else out


def extract_claims(s: Scan, disabled: Collection[str] = ()) -> list[Claim]:
    """Every claim the enabled extractors find in one scanned answer."""
    return run_plan(s, plan(disabled))


def claims_by_extractor(s: Scan) -> dict[str, list[Claim]]:
    """Each extractor's claims apart (gates applied), keyed by name; voices as in `run_plan` (`needs_voices`)."""
    by = {e.name: extract_claims(s, NAMES_EXCEPT[e.name]) for e in EXTRACTORS}
    voiced = needs_voices([c for found in by.values() for c in found])
    return {n: s.voiced(c) for n, c in by.items()} if voiced else by


NAMES_EXCEPT = {n: frozenset(NAMES) - {n} for n in NAMES}
# The first-person extractors read it; the others read the prompt, the question or voices themselves.
_VOICE_READS = {"entity", "developer", "place", "technology", "origin", "denial", "maker_first", *ST.NAMES}
_VOICE_PLAN = plan(frozenset(NAMES) - _VOICE_READS) + PL.steps((MAKING_OF_ME,))
