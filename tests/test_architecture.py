"""The house's rules of the road (docs/architecture.md), checked on the source:

- dependencies point one way: an app imports only itself and the apps below it in INSTALLED_APPS
  (core at the bottom, hub at the top), so `core` imports no domain app;
- no app imports another app's views, or its private (`_name`) things;
- every app has the same anatomy, starting with its README."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BATON = Path(__file__).resolve().parent.parent / "baton"
APPS = [name.split(".")[1] for name in settings.INSTALLED_APPS if name.startswith("baton.")]
# Packages of Baton that are not Django apps: pure-Python engines any app may use.
LIBRARIES = {"insight"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


def _sources(app: str):
    for path in sorted((BATON / app).rglob("*.py")):
        parts = path.relative_to(BATON / app).parts
        if parts[0] in ("tests", "migrations") or path.name == "testing.py":
            continue
        yield path


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_itself_and_the_apps_below_it(app):
    allowed = set(APPS[: APPS.index(app) + 1]) | LIBRARIES
    wrong = []
    for path in _sources(app):
        for module, name, line in _imports(path):
            parts = module.split(".")
            if parts[0] != "baton" or len(parts) < 2 or parts[1] in ("settings", "urls", "api", "wsgi", "cli"):
                continue
            other = parts[1]
            if other not in allowed:
                wrong.append(f"{path.relative_to(BATON)}:{line} imports {module}")
            elif other != app and (parts[-1] == "views" or (name or "").startswith("_") or parts[-1].startswith("_")):
                wrong.append(
                    f"{path.relative_to(BATON)}:{line} imports {module}.{name or ''} (another app's views or private name)"
                )
    assert not wrong, "\n".join(wrong)


def test_core_imports_no_domain_app():
    imported = {
        module.split(".")[1]
        for path in _sources("core")
        for module, _name, _line in _imports(path)
        if module.startswith("baton.") and module.count(".") >= 1
    }
    assert imported <= {"core", "insight"}, imported


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_house_anatomy(app):
    folder = BATON / app
    assert (folder / "README.md").exists(), f"{app} has no README.md"
    assert (folder / "apps.py").exists()
    if (folder / "templates").exists():
        assert (folder / "templates" / app).is_dir(), f"templates of {app} belong in templates/{app}/"


def test_no_two_api_schemas_of_different_shapes_share_a_name():
    """The OpenAPI document names each schema once: two areas' `TypeOut` of different fields would
    describe one area's operations with the other's shape (schemathesis caught one)."""
    from collections import defaultdict

    from ninja import Schema

    import baton.api  # noqa: F401  every area's schemas, through its router

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    shapes = defaultdict(set)
    for cls in set(every(Schema)):
        if cls.__module__.startswith("baton.") and ".tests" not in cls.__module__:
            schema = cls.model_json_schema()
            shapes[cls.__name__].add(
                (tuple(sorted(schema.get("properties", {}))), tuple(sorted(schema.get("required", []))))
            )
    assert not sorted(name for name, found in shapes.items() if len(found) > 1)
