"""Checks of a property's ``textAnalyzer`` (usecases/schema/class.go, validation.go)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from weftdb.entities.stopwords import STOPWORD_PRESETS
from weftdb.errors import InvalidInput
from weftdb.goformat import go_quote


def analyzer_is_empty(analyzer: Mapping[str, Any] | None) -> bool:
    """An absent or all-zero textAnalyzer counts as none (it is dropped)."""
    if not analyzer:
        return True
    return not (analyzer.get("asciiFold") or analyzer.get("asciiFoldIgnore")
                or analyzer.get("stopwordPreset"))


ANALYZER_TOKENIZATIONS = ("lowercase", "trigram", "word", "whitespace", "field")


def validate_text_analyzer(prop: dict[str, Any], name: str, user_presets: Mapping[str, Any],
                           suffix: str = "") -> None:
    """The asciiFold / stopwordPreset checks shared by properties and nested properties."""
    analyzer = prop["textAnalyzer"]
    if not analyzer.get("asciiFold") and analyzer.get("asciiFoldIgnore"):
        raise InvalidInput(f"property '{name}': asciiFoldIgnore requires asciiFold to be enabled")
    for entry in analyzer.get("asciiFoldIgnore") or []:
        if len(unicodedata.normalize("NFC", entry)) != 1:
            raise InvalidInput(f"property '{name}': each asciiFoldIgnore entry must be a single "
                               f"character, got {go_quote(entry)}")
    tokenization = prop.get("tokenization", "")
    if tokenization and tokenization not in ANALYZER_TOKENIZATIONS:
        raise InvalidInput(f"property '{name}': unsupported tokenization '{tokenization}'{suffix}")
    preset = analyzer.get("stopwordPreset", "")
    if not preset:
        return
    if tokenization != "word":
        raise InvalidInput(f"property '{name}': stopwordPreset is only supported with "
                           f'tokenization "word", got {go_quote(tokenization)}')
    if preset not in STOPWORD_PRESETS and preset not in user_presets:
        raise InvalidInput(
            f"property '{name}': unknown stopword preset {go_quote(preset)}; must be a built-in "
            "preset ('en', 'none') or defined in invertedIndexConfig.stopwordPresets")
