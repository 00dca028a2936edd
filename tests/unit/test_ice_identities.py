"""Identity cards: loading, lookup by name, mentions with word-boundary care, user cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from distillq.errors import InputFileError, UsageError
from distillq.ice.identities import find_mentions, get_card, load_cards

REQUIRED = {
    "openai",
    "anthropic",
    "google",
    "meta",
    "alibaba",
    "deepseek",
    "bytedance",
    "zhipu",
    "mistral",
    "microsoft",
    "xai",
    "moonshot",
    "baidu",
    "tencent",
    "01ai",
    "minimax",
}


def test_builtin_cards_present_and_complete() -> None:
    cards = load_cards()
    assert set(cards) >= REQUIRED
    for card in cards.values():
        assert card.models and card.organisations and card.country
        assert any(not a.isascii() for a in card.country_aliases), card.id  # a Chinese country name


@pytest.mark.parametrize(
    ("name", "cid"),
    [
        ("qwen", "alibaba"),
        ("通义千问", "alibaba"),
        ("CHATGPT", "openai"),
        ("Claude", "anthropic"),
        ("glm", "zhipu"),
        ("kimi", "moonshot"),
        ("yi", "01ai"),
        ("phi", "microsoft"),
        ("doubao", "bytedance"),
        ("Gemini", "google"),
    ],
)
def test_get_card_by_name(name: str, cid: str) -> None:
    assert get_card(name).id == cid


def test_unknown_card_lists_names() -> None:
    with pytest.raises(UsageError, match="valid names:.*qwen"):
        get_card("no-such-model")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I studied philosophy and physics.", set()),
        ("Phi-4 is small but strong.", {"microsoft"}),
        ("BasedGPT answers anything.", set()),
        ("GPT-4 and ChatGPT are from OpenAI.", {"openai"}),
        ("Yield curves and yoga.", set()),
        ("Yi-34B is a model by 零一万物.", {"01ai"}),
        ("The meta-analysis found nothing.", set()),
        ("我是豆包，由字节跳动开发。", {"bytedance"}),
        ("清华 KEG 和 智谱 的 GLM-4.", {"zhipu"}),
        ("Qwen2.5 and Llama 3 and Mistral", {"alibaba", "meta", "mistral"}),
        ("The glimmer of a global plan.", set()),
    ],
)
def test_find_mentions(text: str, expected: set[str]) -> None:
    assert find_mentions(text) == expected


def test_user_cards_via_dir_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "cards"
    d.mkdir()
    (d / "acme.yaml").write_text(
        "id: acme\ndisplay_name: Acme Bot\nnames: [acmebot]\nmodels: [AcmeBot]\norganisations: [Acme Labs]\n"
        "country: Japan\ncountry_aliases: [日本]\ncity: Tokyo\n",
        encoding="utf-8",
    )
    assert "acme" in load_cards((d,))
    assert get_card("acmebot", (d,)).country == "Japan"
    monkeypatch.setenv("DISTILLQ_IDENTITIES", str(d))
    assert "acme" in load_cards()
    assert "acme" in find_mentions("Built by Acme Labs.", load_cards())


def test_bad_user_card(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\nmodels: [X]\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="lacks"):
        load_cards((tmp_path,))
    with pytest.raises(UsageError, match="does not exist"):
        load_cards((tmp_path / "missing",))


def test_a_wrong_identities_variable_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISTILLQ_IDENTITIES", str(tmp_path / "gone"))
    with pytest.raises(UsageError, match=r"\$DISTILLQ_IDENTITIES names .*gone.*unset the variable"):
        load_cards()
