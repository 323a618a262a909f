"""Generate a synthetic coursegen library of any size, valid by construction.

    python benchmarks/synthetic.py OUT_DIR [--languages 3] [--areas 10] [--outcomes 2000] [--modules 500] [--words 600]

Used by the benchmarks; deterministic for the same parameters.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

LANGUAGES = ["en", "es", "fr", "de", "it", "ar", "fi", "nl"]
WORDS = ("care person older home carer help safe plan record report family dignity water meal move "
         "listen explain respect hygiene medicine routine health change skin rest time team support").split()
SPANISH = ("cuidado persona mayor hogar cuidadora ayuda seguro plan registro informe familia dignidad agua "
           "comida mover escuchar explicar respeto higiene medicina rutina salud cambio piel").split()


def _text(rng: random.Random, words: int, vocabulary: list[str]) -> str:
    sentences, remaining = [], words
    while remaining > 0:
        n = min(remaining, rng.randint(6, 14))
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(n)).capitalize() + ".")
        remaining -= n
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def generate(out: Path, *, languages: int = 3, areas: int = 10, outcomes: int = 2000, modules: int = 500,
             words: int = 600, seed: int = 1) -> Path:
    """Write a project into `out` and return it."""
    rng = random.Random(seed)
    langs = LANGUAGES[:languages]
    (out / "framework/areas").mkdir(parents=True, exist_ok=True)
    (out / "framework/translations").mkdir(parents=True, exist_ok=True)
    (out / "content/modules").mkdir(parents=True, exist_ok=True)
    (out / "content/courses").mkdir(parents=True, exist_ok=True)
    _dump(out / "framework/framework.yaml", {
        "id": "synthetic", "version": "1.0", "license": "CC-BY-4.0", "default_language": "en",
        "languages": langs, "title": "Synthetic framework", "eqf_levels": [2, 3, 4],
    })
    codes = _write_areas(out, rng, areas, outcomes, langs)
    _write_modules(out, rng, codes, modules, words, langs)
    return out


def _write_areas(out: Path, rng: random.Random, areas: int, outcomes: int, langs: list[str]) -> list[str]:
    per_competence, competences_per_area = 4, max(1, outcomes // (areas * 4))
    codes: list[str] = []
    translations = {lang: {"language": lang, "source_version": "1.0", "title": f"Marco {lang}",
                           "areas": {}, "competences": {}, "outcomes": {}} for lang in langs[1:]}
    for a in range(1, areas + 1):
        competences = []
        for c in range(1, competences_per_area + 1):
            items = []
            for o in range(1, per_competence + 1):
                if len(codes) >= outcomes:
                    break
                code = f"A{a}.C{c}.LO{o}"
                codes.append(code)
                items.append({"code": code, "statement": "Describe " + _text(rng, 10, WORDS).lower(),
                              "eqf_level": rng.choice([2, 3, 4]), "dimension": "skills",
                              "assessment_criteria": [_text(rng, 8, WORDS), _text(rng, 8, WORDS)]})
                for t in translations.values():
                    t["outcomes"][code] = {"statement": "Describir " + _text(rng, 10, SPANISH).lower()}
            if items:
                competences.append({"code": f"A{a}.C{c}", "title": _text(rng, 4, WORDS), "outcomes": items})
                for t in translations.values():
                    t["competences"][f"A{a}.C{c}"] = {"title": _text(rng, 4, SPANISH)}
        _dump(out / f"framework/areas/A{a}.yaml", {"code": f"A{a}", "title": _text(rng, 4, WORDS),
                                                   "competences": competences})
        for t in translations.values():
            t["areas"][f"A{a}"] = {"title": _text(rng, 4, SPANISH)}
    for lang, t in translations.items():
        _dump(out / f"framework/translations/{lang}.yaml", t)
    return codes


def _write_modules(out: Path, rng: random.Random, codes: list[str], modules: int, words: int, langs: list[str]) -> None:
    per_module = max(1, -(-len(codes) // modules))
    ids = [f"M{i:04d}" for i in range(1, modules + 1)]
    for i, module_id in enumerate(ids):
        taught = codes[(i * per_module) % len(codes):][:per_module] or codes[:1]
        meta = {"id": module_id, "title": f"Module {i + 1}: " + _text(rng, 3, WORDS), "version": "1.0",
                "duration_hours": 10, "outcomes": taught, "prerequisites": [ids[i - 1]] if i % 10 else []}
        body = f"# {meta['title']}\n\n" + "".join(f"- [](outcome:{c})\n" for c in taught) + "\n" + \
            _text(rng, words, WORDS) + "\n\n## Activities\n\nRole play.\n\n::: trainer\nTiming: 20 min.\n:::\n"
        _write_md(out / f"content/modules/m{i + 1:04d}.md", meta, body)
        for lang in langs[1:]:
            _write_md(out / f"content/modules/m{i + 1:04d}.{lang}.md",
                      {"title": f"Módulo {i + 1}", "source_version": "1.0"},
                      f"# Módulo {i + 1}\n\n" + _text(rng, words, SPANISH) + "\n")
    course_modules = ids[: min(20, len(ids))]
    _write_md(out / "content/courses/main.md", {"id": "main", "title": "Main course", "version": "1.0",
                                                 "target_hours": 10 * len(course_modules), "modules": course_modules},
              "A course.\n")
    _write_md(out / "content/index.md", {"title": "Home"}, "# Home\n\nSee [the modules](modules/index.md).\n")


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _write_md(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body,
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    for name, default in (("languages", 3), ("areas", 10), ("outcomes", 2000), ("modules", 500), ("words", 600)):
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    generate(args.out, languages=args.languages, areas=args.areas, outcomes=args.outcomes, modules=args.modules,
             words=args.words)
    print(args.out)


if __name__ == "__main__":
    main()
