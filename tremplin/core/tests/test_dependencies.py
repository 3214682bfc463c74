"""Dependencies: what a production install gets, and what a web process loads."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)$")


def pins(lock: str) -> dict[str, str]:
    """``{normalised name: version}`` of a lock file."""
    found = {}
    for line in (ROOT / lock).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = PIN.match(line).groups()
            found[normalise(name)] = version
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(requirements: list[str]) -> set[str]:
    return {
        normalise(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])
        for requirement in requirements
    }


def test_a_production_install_gets_no_test_tool():
    runtime = (ROOT / "requirements.lock").read_text()
    assert not re.findall(
        r"(?im)^(pytest\S*|playwright|axe-playwright-python|hypothesis|ruff)==", runtime
    )


def test_the_locks_pin_every_direct_dependency_and_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert requirement_names(project["dependencies"]) <= runtime.keys()
    assert requirement_names(project["optional-dependencies"]["dev"]) <= development.keys()
    # The development lock is the runtime one plus the dev extra, at the same versions.
    assert {name: development.get(name) for name in runtime} == runtime


def test_a_web_process_does_not_load_scipy_pdf_tools_or_test_tools():
    """gunicorn imports the WSGI application; every URL's view is imported on the first request.
    SciPy alone would add about 74 MB to each worker, fpdf2 (with fontTools and Pillow) 30 MB:
    only the first PDF a worker makes loads it (``tremplin.core.pdf_writer``). Charts (pygal),
    spreadsheets (tablib), QR codes (segno) and calendar feeds (icalendar), 3-11 MB each, and IMEI checks
    (python-stdnum, which loads pydoc) are loaded by the first of theirs."""
    script = (
        "import sys\n"
        "from tremplin.wsgi import application\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "import tremplin.diagnostic.engine, tremplin.diagnostic.calibration\n"
        "heavy = ('scipy', 'fpdf', 'fontTools', 'PIL', 'pydantic', 'ninja', 'pytest', 'playwright', 'hypothesis',"
        " 'pygal', 'tablib', 'segno', 'icalendar', 'stdnum')\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & set(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tremplin.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
