"""A regular install (not editable) carries everything the commands read: `pip install .` then `kg build`."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import CORPUS, ROOT


def test_every_package_of_kg_is_listed_for_the_install() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    assert found <= listed and listed - found == {"kg._ontology", "kg._queries"}


def test_a_regular_install_builds_and_queries_from_any_folder(tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                              "--target", str(target), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-2000:]
    assert (target / "kg" / "_ontology" / "congress-kg.ttl").is_file()
    assert (target / "kg" / "_queries" / "statements.rq").is_file()
    work = tmp_path / "work"
    (work / "corpus").mkdir(parents=True)
    (work / "corpus" / "report.txt").write_bytes((CORPUS / "003_681c875d0e20b629.txt").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(target)}
    build = subprocess.run([sys.executable, "-m", "kg", "build", "--no-viz"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    query = subprocess.run([sys.executable, "-m", "kg", "query", "statements", "--format", "csv", "--limit", "1"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert query.returncode == 0, query.stderr
    assert query.stdout.startswith("meeting,meeting_label,rpm_item")
    imported = subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], cwd=work, env=env,
                              capture_output=True, text=True)
    assert imported.stdout.strip().startswith(str(target))  # the installed copy ran, not the checkout
