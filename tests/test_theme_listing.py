"""The theme's files as coursegen's workers list them (`theme_listing`): the very files, folders and order
MkDocs' own `Files.add_files_from_theme` gives, for Material with the shipped overrides and for a theme
folder made to hit every rule (hidden folders and files, templates, readmes, translations, static templates,
a file in two theme folders, a docs file of a theme file's path)."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from coursegen.site.theme_listing import MKDOCS_METHOD, add_files_from_theme, theme_paths

REPOSITORY = Path(__file__).resolve().parents[1]


def config_for(tmp_path: Path, custom_dir: Path, **theme):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    settings = {"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
                "theme": {"name": "material", "custom_dir": str(custom_dir), **theme}}
    config = load_config(config_file=io.StringIO(yaml.safe_dump(settings)))
    config.validate()
    return config


def listed(method, config, docs: list[str] = ()) -> list[tuple[str, str, str]]:
    files = Files([File(path, config.docs_dir, config.site_dir, config.use_directory_urls) for path in docs])
    method(files, config.theme.get_env(), config)
    return [(f.src_uri, f.abs_src_path, f.dest_uri) for f in files]


def test_material_with_the_shipped_overrides_lists_what_mkdocs_lists(tmp_path):
    config = config_for(tmp_path, REPOSITORY / "site_overrides")
    ours = listed(add_files_from_theme, config)
    assert ours == listed(MKDOCS_METHOD, config)
    assert any(path == "assets/offline.js" for path, _, _ in ours)  # an override's own file
    assert not any("/." in "/" + path for path, _, _ in ours)  # Material's hidden icons are not walked


def test_every_rule_of_mkdocs_listing_is_kept(tmp_path):
    theme = tmp_path / "theme"
    for rel in ("style.css", "assets/app.js", "assets/.cache/x.js", ".hidden/a.css", "assets/.dot.css",
                ".top.css", "main.html", "partials/nav.html", "README.md", "assets/readme.txt", "tool.py",
                "tool.pyc", "mkdocs_theme.yml", "locales/fr.po", "notes.markdown", "sitemap.xml",
                "deep/er/still/ok.svg", "assets/stylesheets/main.css", "docs-too.css", "Upper/Case.PNG"):
        path = theme / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    config = config_for(tmp_path, theme, static_templates=["sitemap.xml"])
    ours = listed(add_files_from_theme, config, docs=["docs-too.css"])
    assert ours == listed(MKDOCS_METHOD, config, docs=["docs-too.css"])
    paths = {path: source for path, source, _ in ours}
    assert {"style.css", "assets/app.js", "deep/er/still/ok.svg", "Upper/Case.PNG"} <= paths.keys()
    assert not {"assets/.cache/x.js", ".hidden/a.css", "assets/.dot.css", ".top.css", "main.html", "README.md",
                "assets/readme.txt", "tool.py", "mkdocs_theme.yml", "locales/fr.po", "notes.markdown",
                "sitemap.xml"} & paths.keys()
    # the first theme folder that has a file gives it (the overrides before Material), and a docs file wins
    assert paths["assets/stylesheets/main.css"] == str(theme / "assets/stylesheets/main.css")
    assert paths["docs-too.css"] == str(tmp_path / "docs" / "docs-too.css")


def test_the_listing_is_sorted_and_has_each_path_once(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        for rel in ("z.css", "m/n.js", "a.txt"):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text("x", encoding="utf-8")
    assert theme_paths([str(first), str(second)], []) == ["a.txt", "m/n.js", "z.css"]
