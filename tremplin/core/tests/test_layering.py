"""Dependencies between apps point one way (STYLE.md, "Layout: one app per domain").

An app's code imports only the apps of the layers below it; the apps of one layer do not import
each other. Tests are left out: they build data across apps on purpose.
"""

import re
from pathlib import Path

from django.apps import apps

TREMPLIN = Path(__file__).resolve().parents[2]
LAYERS = [
    {"core"},
    {"accounts"},
    {"spaces"},
    {"people"},
    {"diagnostic", "learning", "workshops", "accompaniment", "solidarity", "simulators"},
    {"partners"},
    {"impact", "territories", "api", "opendata"},
]
LAYER_OF = {app: level for level, layer in enumerate(LAYERS) for app in layer}
# Each exception is written in the importing app's apps.py docstring.
EXCEPTIONS = {
    ("diagnostic", "learning"),  # the result recommends learning pathways
}
IMPORT = re.compile(r"^\s*(?:from|import)\s+tremplin\.([a-z_]+)", re.M)


def tremplin_apps() -> list[str]:
    return [c.label for c in apps.get_app_configs() if c.name.startswith("tremplin.")]


def upward_imports(app: str) -> list[str]:
    found = []
    for path in sorted((TREMPLIN / app).rglob("*.py")):
        if {"tests", "testing", "migrations"} & set(path.relative_to(TREMPLIN).parts):
            continue
        for imported in IMPORT.findall(path.read_text(encoding="utf-8")):
            if imported == app or imported not in LAYER_OF or (app, imported) in EXCEPTIONS:
                continue
            if LAYER_OF[imported] >= LAYER_OF[app]:
                found.append(f"{path.relative_to(TREMPLIN)} imports {imported}")
    return found


def test_every_app_has_its_layer():
    assert set(tremplin_apps()) - LAYER_OF.keys() == set()


def test_no_app_imports_an_app_of_its_own_layer_or_above():
    found = [line for app in tremplin_apps() for line in upward_imports(app)]
    assert found == [], "\n".join(found)


def test_each_exception_is_written_in_the_importing_apps_readme():
    for app, imported in EXCEPTIONS:
        docstring = apps.get_app_config(app).module.apps.__doc__ or ""
        assert imported in docstring.lower(), (app, imported)
