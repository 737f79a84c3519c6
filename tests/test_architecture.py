"""The dependency rule (DESIGN.md §2), typing, and documented settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from weftdb.config import Settings, documented_variables

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"  # the venv's, even when not activated
    result = subprocess.run([str(lint_imports), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "src/weftdb"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text()
    missing = [name for name in documented_variables() if f"`{name}`" not in doc]
    assert not missing, f"not in docs/configuration.md: {missing}"
    fields = {f for f in Settings.__dataclass_fields__}
    assert fields, "Settings has fields"


def test_no_source_file_reads_the_environment_but_config() -> None:
    offenders = []
    for path in (ROOT / "src" / "weftdb").rglob("*.py"):
        if path.name in ("config.py",):
            continue
        if re.search(r"os\.environ(?!\.setdefault)|os\.getenv", path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
