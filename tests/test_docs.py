"""The README's links lead somewhere, and the configuration page lists what the code reads.

The site's own links are checked by ``make docs`` (MkDocs in strict mode); the README is not
part of the site, so its links into ``docs/`` are checked here.
"""

from __future__ import annotations

import ast
import re

from tests.support import REPO_ROOT

CONFIGURATION = REPO_ROOT / "docs" / "configuration.md"
#: Read by the matcher straight from the environment (the prefork pool's metrics files).
READ_OUTSIDE_SETTINGS = {"PROMETHEUS_MULTIPROC_DIR"}


def settings_variables() -> set[str]:
    """Every variable ``Settings.from_env`` reads: the name given to each ``env_*`` helper."""
    tree = ast.parse((REPO_ROOT / "shared" / "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            names.add(node.args[1].value)
    return names


def documented_variables() -> set[str]:
    """The variables named in the first column of the page's environment variable table."""
    text = CONFIGURATION.read_text(encoding="utf-8")
    section = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_every_setting_is_documented_and_nothing_else() -> None:
    read = settings_variables()
    assert len(read) > 30  # the parse found the helpers' calls
    assert documented_variables() == read | READ_OUTSIDE_SETTINGS


def test_readme_links_lead_to_files() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    local = [t.split("#", 1)[0] for t in targets if not re.match(r"[a-z]+:", t)]
    assert any(t.startswith("docs/") for t in local)
    missing = [t for t in local if t and not (REPO_ROOT / t).is_file()]
    assert missing == []
