"""Which module may import which, read from the source with ``ast`` (nothing is imported).

The apps do not import the project package, and the project's page cache does not import the
apps back; selectors read and services write, so a selector imports no service; forms take
their choices from the models and choices, never from a selector.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, as a dotted name; for
    ``from a import b`` both ``a`` and ``a.b`` (``b`` may be a module)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def violations(paths, *, forbidden: str) -> list[str]:
    """``path: module`` for each import of a module with ``forbidden`` among its parts."""
    return sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in paths
        for name in imported(path)
        if forbidden in name.split(".")
    )


def sources(*patterns: str) -> list[Path]:
    return sorted(path for pattern in patterns for path in ROOT.glob(pattern))


def test_the_apps_do_not_import_the_project_package():
    apps = sources("consultations/**/*.py", "registry/**/*.py")

    assert len(apps) > 50
    assert violations(apps, forbidden="hlderp") == []


def test_the_page_cache_imports_no_app():
    cache = [ROOT / "hlderp/public_cache.py"]

    assert violations(cache, forbidden="consultations") == []
    assert violations(cache, forbidden="registry") == []


def test_selectors_import_no_services():
    selectors = sources("consultations/selectors/*.py", "registry/selectors.py")

    assert len(selectors) > 2
    assert violations(selectors, forbidden="services") == []


def test_forms_import_no_selectors():
    forms = sources("consultations/forms/*.py", "consultations/forms.py", "registry/forms*.py")

    assert forms
    assert violations(forms, forbidden="selectors") == []


def test_the_reader_of_imports_sees_relative_and_nested_imports(tmp_path, monkeypatch):
    package = tmp_path / "app" / "selectors"
    package.mkdir(parents=True)
    module = package / "reads.py"
    module.write_text(
        "from .. import services\n"
        "from .other import thing\n"
        "def f():\n"
        "    import hlderp.public_cache\n"
    )
    monkeypatch.setattr("tests.test_architecture.ROOT", tmp_path)

    assert imported(module) == {
        "app",
        "app.services",
        "app.selectors.other",
        "app.selectors.other.thing",
        "hlderp.public_cache",
    }
