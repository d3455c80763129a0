"""Which language a comment is written in, so that the engine reads only what it can read: English.

The model learnt from English FFT comments. Given Arabic, Urdu or Polish it still answers, with
themes and a sentiment that mean nothing (an Arabic complaint came out "very positive" with
confidence 1). So a comment that is confidently in another language gets no themes and no
sentiment, and its language is named, for a person to read it (issue 8, item 17).

The detector is CLD2, Chromium's Compact Language Detector 2, through `pycld2`: its tables are
compiled into the wheel (nothing downloaded), it detects 165 languages, including every language
common in UK patient feedback (Arabic, Urdu, Bengali, Polish, Romanian, Punjabi, Somali, Portuguese,
Spanish, French, Chinese, Turkish, Gujarati, Welsh, Lithuanian ...), and it says whether it is sure
(`is_reliable`), which is the rule here: only a comment CLD2 is sure is in another language is left
out. It is not sure of short answers ("ok", "10/10", "N/A", "Very good"), so they are classified as
before. See README.md for what was measured against lingua, langid and
CLD3 (slower, or sure of the wrong language on short English answers).
"""

from __future__ import annotations

import re

ENGLISH = "en"
UNKNOWN = ""
# What the English model is left to read: English, and Scots, which CLD2 names for broad Scots
# spellings ("the crew wis awfy guid tae ma maw") of what is mostly English vocabulary.
READ_AS_ENGLISH = frozenset({ENGLISH, "sco"})
# CLD2's "unknown", "ignore" and its test pseudo-language.
_NO_LANGUAGE = frozenset({"un", "xxx", "zzb"})
# CLD2 refuses text holding control characters, surrogates or Unicode noncharacters (one comment in
# the labelled data has vertical tabs): they are blanked out and detection is tried again.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "]"
)
_NAMES: dict[str, str] = {}


def detect_language(text: str) -> str:
    """The language code CLD2 is sure `text` is in ("en", "ar", "pl", "zh-Hant", "xx-Arab" for a
    script whose language it cannot name), or "" when it is not sure: too short, mixed, no words."""
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text, isPlainText=True)
    except (pycld2.error, UnicodeError):
        try:
            reliable, _, details = pycld2.detect(_REFUSED.sub(" ", text), isPlainText=True)
        except (pycld2.error, UnicodeError):
            return UNKNOWN
    code = details[0][1]
    if not reliable or code in _NO_LANGUAGE:
        return UNKNOWN
    return code


def is_not_english(code: str) -> bool:
    """True when the detected language is one the English model cannot read (not unknown)."""
    return code != UNKNOWN and code not in READ_AS_ENGLISH


def language_name(code: str) -> str:
    """A name for people: "Arabic", "Chinese (Traditional)", "Arabic script"; "" for unknown."""
    if not _NAMES:
        import pycld2

        for name, c in pycld2.LANGUAGES:
            if name.startswith("X_"):  # CLD2 knows the script, not the language
                name = f"{name[2:]} script"
            elif name == "ChineseT":
                name = "Chinese (Traditional)"
            _NAMES.setdefault(c, name.replace("_", " ").title() if name.isupper() else name)
    return _NAMES.get(code, code)
