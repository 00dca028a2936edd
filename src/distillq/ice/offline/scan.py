"""Reading an answer once: the reasoning trace split off, markdown emphasis stripped."""

from __future__ import annotations

import re

_THINK = re.compile(r"<think(?:ing)?>(.*?)(?:</think(?:ing)?>|\Z)", re.S | re.I)


def split_trace(text: str) -> tuple[str, str]:
    """(answer, trace): `<think>` blocks are the trace (an unclosed one runs to the end)."""
    if "<think" not in text and "<THINK" not in text:
        return text, ""
    trace = " ".join(m.group(1).strip() for m in _THINK.finditer(text))
    return _THINK.sub(" ", text).strip(), trace


_EMPHASIS = re.compile(r"\*\*|__|`+|(?m:^[ \t]*#{1,6}[ \t]+)")


def strip_markdown(text: str) -> str:
    """The answer without bold/underline marks, code ticks and heading hashes.

    `**GPT:** As an AI developed by X` reads as `GPT: As an AI developed by X`, so a voice label
    in markdown is seen as a label and the claim under it is not hidden by the marks.
    """
    if "*" not in text and "_" not in text and "`" not in text and "#" not in text:
        return text
    return _EMPHASIS.sub("", text)


# How a prompt hands the model a voice: "answer as both GPT and Ron", "GPT: [answer]", "[ChatGPT]",
# "you are ChatGPT", "扮演ChatGPT".
_ROLE_BEFORE = re.compile(
    r"(?i)(?:\bas|\bbe|\bplay(?:ing)?|\bnamed|\bcalled|\brole of|\bpersona of|\bpretend(?:ing)? to be|\bact(?:ing)? as|"
    r"\byou are|\byou['’]re|\bboth\s+[\w\-]+\s+and|你是|扮演|作为|[\[(【<])\s*(?:both\s+|an?\s+|the\s+)?[\"'“‘*]*$"
)
_ROLE_AFTER = re.compile(r"[\"'”’*]*\s*[\])】>]|[\"'”’*]*\s*[:：]")


def prompt_roles(prompt: str, spans: list[tuple[int, int, str]]) -> frozenset[str]:
    """Lower-cased names (found at `spans` in the prompt) that the prompt gives the model as a voice.

    Under such a voice label or persona name the name itself is not a claim; what the answer
    says under it about its maker still is.
    """
    roles = set()
    for start, end, _ in spans:
        if _ROLE_BEFORE.search(prompt, max(0, start - 40), start) or _ROLE_AFTER.match(prompt, end):
            roles.add(prompt[start:end].lower())
    return frozenset(roles)
