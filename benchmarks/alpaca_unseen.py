"""The AlpacaEval answers of 23 models in ../shared, the identity card of each, and our candidate filter.

Shared by benchmarks/unseen/draw_sample.py, benchmarks/validate_unseen.py and its test. None of
these models' answers shaped the offline judge: they check it out of sample. Cards of the labs
without a built-in card are in benchmarks/unseen/cards (written from public facts, base models
in their notes). Texts stay in ../shared; only ids (generator, row, hash) leave it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from distillq.ice.identities import load_cards
from distillq.ice.offline import OfflineJudge
from distillq.ice.types import IdentityCard, Verdict

HERE = Path(__file__).resolve().parent
CARDS_DIR = HERE / "unseen" / "cards"

# generator -> (identity card id, base model where public, None when trained from scratch)
GENERATORS: dict[str, tuple[str, str | None]] = {
    "Llama-3-Instruct-8B-SimPO": ("princeton", "Meta Llama-3-8B-Instruct"),
    "Meta-Llama-3-8B-Instruct": ("meta", None),
    "Mistral-7B-Instruct-v0.2": ("mistral", None),
    "Mixtral-8x7B-Instruct-v0.1": ("mistral", None),
    "Mixtral-8x7B-Instruct-v0.1_verbose": ("mistral", None),
    "Qwen1.5-72B-Chat": ("alibaba", None),
    "Qwen1.5-7B-Chat": ("alibaba", None),
    "Snorkel-Mistral-PairRM-DPO": ("snorkel", "Mistral-7B-Instruct-v0.2"),
    "airoboros-65b": ("airoboros", "Meta LLaMA 65B"),
    "alpaca-7b": ("stanford", "Meta LLaMA 7B"),
    "alpaca-7b_concise": ("stanford", "Meta LLaMA 7B"),
    "baize-v2-13b": ("baize", "Meta LLaMA 13B"),
    "claude-2": ("anthropic", None),
    "gpt-3.5-turbo-0301": ("openai", None),
    "gpt-4o-2024-05-13": ("openai", None),
    "gpt4_0314": ("openai", None),
    "gpt4_0613": ("openai", None),
    "gpt4_0613_concise": ("openai", None),
    "guanaco-33b": ("uw", "Meta LLaMA 33B"),
    "llama-2-13b-chat-hf": ("meta", None),
    "oasst-sft-llama-33b": ("laion", "Meta LLaMA 33B"),
    "text_davinci_003": ("openai", None),
    "vicuna-13b-v1.3": ("lmsys", "Meta LLaMA 13B"),
}

# Our candidate filter, written before reading any answer: names of labs and their products, AI
# self-reference words and first-person identity phrases, in English and Chinese. It is wide on
# purpose (role-play letters "I am a ..." pass it); what it lets through is what gets sampled.
LABS = (
    r"open\s?ai|chat\s?gpt|\bgpt|anthropic|claude|google|deepmind|\bbard\b|gemini|\bmeta\b|facebook|llama"
    r"|microsoft|mistral|mixtral|alibaba|qwen|tongyi|baidu|ernie\b|hugging\s?face|lmsys|vicuna"
    r"|stanford|alpaca|guanaco|laion|open\s?assistant|baize|airoboros|snorkel|simpo"
    r"|通义|千问|阿里|百度|文心|谷歌|微软|智谱"
)
AI_SELF = (
    r"\bas an? (?:AI|artificial|language model|assistant|chatbot|virtual)"
    r"|\bAI (?:language )?(?:model|assistant|system|chatbot)\b|language model|\bLLM\b|chat\s?bot"
    r"|virtual assistant|人工智能|语言模型|助手"
)
FIRST_PERSON = (
    r"\bI\s?(?:am|'m)\s+(?:a|an|not a|just a|only a|called|named)\b|\bmy name is\b"
    r"|\bmy (?:creators?|developers?|makers?|programmers?|training data)\b"
    r"|\b(?:developed|created|trained|built|designed|programmed) by\b|我是|我叫|我的名字"
)
# A sentence with "I"/"me"/"my" that names OpenAI/GPT or Anthropic/Claude: where a missed strict claim
# would most likely be (benchmarks/validate_unseen.py reads every such answer the judge does not flag).
STRICT_NAMES = {"openai": r"open\s?ai|chat\s?gpt|\bgpt", "anthropic": r"anthropic|claude"}
FIRST_PERSON_WORD = re.compile(r"(?<![A-Za-z'’])(?:I|I'm|I’m|me|my|myself)(?![A-Za-z'’])")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def names_other_strict_lab_in_first_person(text: str, card_id: str) -> bool:
    """Whether a first-person sentence names a strict lab other than the model's own."""
    rx = re.compile("|".join(p for k, p in STRICT_NAMES.items() if k != card_id), re.IGNORECASE)
    return any(rx.search(s) and FIRST_PERSON_WORD.search(s) for s in SENTENCE.findall(text))


CANDIDATE = re.compile(f"{LABS}|{AI_SELF}|{FIRST_PERSON}", re.IGNORECASE)
NAMES_LAB = re.compile(LABS, re.IGNORECASE)


def shared_dir() -> Path:
    """../shared/data/alpaca-eval (or under DISTILLQ_SHARED); exits with a clear line if absent."""
    shared = Path(os.environ.get("DISTILLQ_SHARED", HERE.parents[1] / "shared"))
    folder = shared / "data/alpaca-eval"
    if not folder.is_dir():
        sys.exit(f"AlpacaEval answers not found at {folder}; set DISTILLQ_SHARED")
    return folder


def answer_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_generator(folder: Path, generator: str) -> list[dict[str, str]]:
    with gzip.open(folder / f"{generator}.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def all_cards() -> dict[str, IdentityCard]:
    """The built-in cards and ours for the fine-tuners' labs."""
    return load_cards((CARDS_DIR,))


def judged(
    folder: Path, judge: OfflineJudge, cards: dict[str, IdentityCard], generators: list[str] | None = None
) -> Iterator[tuple[str, int, dict[str, str], Verdict]]:
    """(generator, row, answer, offline verdict) for every answer; the prompt is the instruction."""
    for g in generators or sorted(GENERATORS):
        card = cards[GENERATORS[g][0]]
        for i, row in enumerate(read_generator(folder, g)):
            yield g, i, row, judge.judge(str(row["output"] or ""), card, str(row["instruction"]))
