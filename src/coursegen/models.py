"""The content model: what each file may say, as frozen pydantic models that refuse unknown settings.

These models describe files as written. Rules that need more than one field or more than one file (code
prefixes, references, cycles, translations) live in `checks.py`, where they can report positions precisely.
Text is in the framework's default language; other languages come from translation models and are joined
in `library.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _as_text(value: object) -> object:
    """YAML reads `version: 1.0` as a number; a version is text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _as_tuple(value: object) -> object:
    """Allow a single value where a list is expected (`countries: ES`)."""
    if isinstance(value, (str, int, float)):
        return (value,)
    return value


Text = Annotated[str, Field(min_length=0)]
Version = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
Code = Annotated[str, BeforeValidator(_as_text)]
Codes = Annotated[tuple[Code, ...], BeforeValidator(_as_tuple)]
Words = Annotated[tuple[str, ...], BeforeValidator(_as_tuple)]
Hours = Annotated[float, Field(gt=0)]
Dimension = Literal["knowledge", "skills", "responsibility-autonomy"]
Bloom = Literal["remember", "understand", "apply", "analyse", "evaluate", "create"]
Delivery = Literal["classroom", "online", "blended", "workplace", "self-study"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- framework -----------------------------------------------------------------------------------


class Occupation(Model):
    uri: str
    title: Text


class CodeScheme(Model):
    """How the framework's codes are formed (see `code_scheme`): a prefix per level, or free codes."""

    area: str = "A"
    competence: str = "C"
    outcome: str = "LO"
    free: bool = False


class Framework(Model):
    id: Code
    version: Version
    license: str
    default_language: str
    languages: Words
    title: Text
    short_title: Text = ""  # the site's name in the header and in page titles (see Localizer.site_name)
    description: Text = ""
    eqf_levels: tuple[int, ...] = ()
    occupations: tuple[Occupation, ...] = ()
    codes: CodeScheme = CodeScheme()


class Outcome(Model):
    code: Code
    statement: Text
    eqf_level: int
    dimension: Dimension
    bloom: Bloom | None = None
    hours: Hours | None = None
    assessment_criteria: tuple[Text, ...] = ()
    esco_skills: tuple[str, ...] = ()
    alignments: Codes = ()


class Competence(Model):
    code: Code
    title: Text
    description: Text = ""
    outcomes: tuple[Outcome, ...] = ()


class Area(Model):
    code: Code
    title: Text
    description: Text = ""
    competences: tuple[Competence, ...] = ()


class StandardUnit(Model):
    code: Code
    title: Text
    language: str | None = None  # the language of its title, when not its standard's
    hours: Hours | None = None
    outcomes: Codes = ()


class Standard(Model):
    """A national standard. Its `title` and its units' titles are its own names, in `language` (a language
    code; the framework's default language when left out), or a unit's own `language`; its `note` is the
    project's text, in the default language like every text of the framework."""

    id: Code
    country: str
    title: Text
    language: str | None = None
    qualification: str | None = None
    url: str | None = None
    note: Text = ""
    units: tuple[StandardUnit, ...] = ()


# --- framework translation -----------------------------------------------------------------------


class TitledText(Model):
    title: Text = ""
    description: Text = ""


class OutcomeText(Model):
    statement: Text = ""
    assessment_criteria: tuple[Text, ...] = ()


#: `translation: pending` marks a translation file scaffolded by `coursegen new language` and not yet translated:
#: it is read and checked, but counts as missing (the site keeps falling back to the source) until the
#: translator removes the line.
Pending = Literal["pending"] | None


class FrameworkTranslation(Model):
    language: str
    source_version: Version
    translation: Pending = None
    source_fingerprint: str | None = None  # see fingerprints.py
    title: Text = ""
    short_title: Text = ""
    description: Text = ""
    occupations: dict[str, Text] = Field(default_factory=dict)  # ESCO URI -> title
    areas: dict[Code, TitledText] = Field(default_factory=dict)
    competences: dict[Code, TitledText] = Field(default_factory=dict)
    outcomes: dict[Code, OutcomeText] = Field(default_factory=dict)


# --- content -------------------------------------------------------------------------------------


class ModuleMeta(Model):
    id: Code
    title: Text
    summary: Text = ""
    version: Version
    duration_hours: Hours
    eqf_level: int | None = None
    outcomes: Codes = ()
    prerequisites: Codes = ()
    audience: Words = ()
    delivery: tuple[Delivery, ...] = ()
    countries: Words = ()
    authors: Words = ()
    license: str | None = None


class CourseMeta(Model):
    id: Code
    title: Text
    summary: Text = ""
    version: Version
    audience: str | None = None
    country: str | None = None
    target_hours: Hours | None = None
    modules: Codes = ()
    #: Module listed in `modules` -> the module taught in its place (another country's equivalent).
    replace: dict[Code, Code] = Field(default_factory=dict)


class PageMeta(Model):
    title: Text | None = None
    description: Text | None = None
    version: Version = "1"
    hide: tuple[Literal["navigation", "toc", "footer", "path", "tags", "feedback"], ...] = ()


class TranslationMeta(Model):
    """Front matter of a translated page, module or course: translated text only, plus the source version."""

    source_version: Version
    translation: Pending = None
    source_fingerprint: str | None = None  # the source's units it was made from: see fingerprints.py
    title: Text | None = None
    summary: Text | None = None
    description: Text | None = None


#: Settings of a module or course that belong to the source; a translation may repeat them only unchanged.
STRUCTURAL_FIELDS = frozenset(
    set(ModuleMeta.model_fields) | set(CourseMeta.model_fields) | {"hide"}
) - set(TranslationMeta.model_fields)


class GlossaryTerm(Model):
    id: Code
    term: Text
    definition: Text
    see_also: Codes = ()


class Glossary(Model):
    version: Version = "1"
    terms: tuple[GlossaryTerm, ...] = ()


class TermText(Model):
    term: Text = ""
    definition: Text = ""


class GlossaryTranslation(Model):
    source_version: Version
    translation: Pending = None
    source_fingerprint: str | None = None  # see fingerprints.py
    terms: dict[Code, TermText] = Field(default_factory=dict)
