"""Which language a work is in, and its word count as AO3 counts it.

The archive's metadata decides when it names a language; otherwise a small detector (py3langid, its model
shipped inside the package) reads the start of the text. ficlens's models are English only: other works are
tabulated (metadata, chapters, words) and their analysis layers skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# AO3's names for its most used languages (its menu writes each in the language itself) -> ISO 639-1
ARCHIVE_LANGUAGE_CODES = {
    "english": "en", "eng": "en", "français": "fr", "español": "es", "deutsch": "de", "italiano": "it", "русский": "ru",
    "português brasileiro": "pt", "português europeu": "pt", "polski": "pl", "nederlands": "nl",
    "中文-普通话 國語": "zh", "中文-广东话 粵語": "zh", "日本語": "ja", "한국어": "ko", "tiếng việt": "vi",
    "bahasa indonesia": "id", "türkçe": "tr", "svenska": "sv", "suomi": "fi", "čeština": "cs", "magyar": "hu",
    "українська": "uk", "ελληνικά": "el", "العربية": "ar", "עברית": "he", "ไทย": "th", "dansk": "da", "norsk": "no",
}  # fmt: skip
DETECTION_SAMPLE_CHARS = 4000
# Below these the detector is unreliable, and a work is taken to be English (the models' language).
MIN_DETECTION_CHARS = 200
MIN_DETECTION_PROBABILITY = 0.9


@dataclass(frozen=True)
class Language:
    code: str | None
    source: str  # "metadata", "detected", or "assumed" (too little text to tell)

    @property
    def is_english(self) -> bool:
        return self.code is None or is_english(self.code)


def language_code(name: str) -> str:
    """An ISO 639-1 code for a metadata language (`English`, `Français`, `en-GB`), else the name as given."""
    name = " ".join(name.split())
    if code := ARCHIVE_LANGUAGE_CODES.get(name.lower()):
        return code
    if len(name) >= 2 and name[:2].isascii() and name[:2].isalpha() and (len(name) == 2 or name[2] in "-_"):
        return name[:2].lower()
    return name


def is_english(language: str) -> bool:
    return language_code(language) == "en"


@lru_cache(maxsize=1)
def detector():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def work_language(metadata_language: str | None, text: str) -> Language:
    if metadata_language and metadata_language.strip():
        return Language(language_code(metadata_language), "metadata")
    sample = text[:DETECTION_SAMPLE_CHARS]
    if len(sample.strip()) < MIN_DETECTION_CHARS:
        return Language("en", "assumed")
    code, probability = detector().classify(sample)
    if code != "en" and probability < MIN_DETECTION_PROBABILITY:
        return Language("en", "assumed")
    return Language(code, "detected")
