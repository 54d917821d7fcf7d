"""Reports and exports at size, each next to its floor.

Run: ``python tests/bench/bench_reports.py``. Prints:
- the self-assessment report with every long answer at 50,000 characters, next to the demo's;
- the visit report of 1,000 and 10,000 audits (time and peak memory, each in a fresh process)
  next to a plain ReportLab document of the same number of pages (canvas text, 40 lines of six
  cells a page, in the same Unicode font the reports need), and the growth from 1,000 to
  10,000 (linear is 10x);
(`audits export` at 100,000 audits and `list audits --json` are measured in bench_audits.py.)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.peak_memory import PEAK_MIB_CODE  # noqa: E402 (after the path is set)

LONGEST = 50_000


def _child(code: str) -> dict[str, float]:
    """Run `code` in a fresh Python; it prints a JSON object; add its peak memory (MiB)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# the child's own peak (not the forked parent's, see peak_memory.py)
_PEAK = PEAK_MIB_CODE + "import json\npeak = peak_mib()\n"


def self_assessment(folder: Path) -> None:
    from desktop_app.demo import load_demo
    from desktop_app.home import Home
    from desktop_app.reports.assessment_report import write_assessment_report
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.assessments import (
        assessment_definition,
        get_assessment,
        save_assessment_answer,
    )

    home = Home(folder / "sa")
    database = open_database(home)
    load_demo(database)

    def timed() -> float:
        samples = []
        for _ in range(3):
            start = time.perf_counter()
            write_assessment_report(database, 2, folder / "sa.pdf")
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    demo = timed()
    words = "Leaders know their services well; Łucja Wójcik's audit showed it (اردو) 😊. "
    text = (words * (LONGEST // len(words) + 1))[:LONGEST]
    with database.session() as session:
        definition = assessment_definition(session, get_assessment(session, 2))
        long_ids = [q.id for q in definition.iter_questions() if q.type == "long_text"]
        for question_id in long_ids:
            save_assessment_answer(session, 2, question_id, text, by="bench")
    longest = timed()
    database.close()
    print(
        f"self-assessment report: demo {demo:.2f} s; every long answer ({len(long_ids)}) at "
        f"{LONGEST:,} characters {longest:.2f} s = {longest / demo:.1f}x the demo"
    )


def _visit_home(folder: Path, audits: int) -> Path:
    from desktop_app.home import Home
    from tests.bench.bench_audits import build_visit

    home = Home(folder / f"visit-{audits}")
    build_visit(home, audits, full=True, seed=audits)
    return home.root


def visit_reports(folder: Path) -> dict[int, Path]:
    homes: dict[int, Path] = {}
    figures: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
    for audits in (1_000, 10_000):
        homes[audits] = _visit_home(folder, audits)
        out = folder / f"visit-{audits}.pdf"
        report = _child(
            "import time\n"
            "from pathlib import Path\n"
            "from desktop_app.home import Home\n"
            "from desktop_app.store.database import open_database\n"
            "from desktop_app.reports.visit_report import write_visit_report\n"
            f"db = open_database(Home(Path({str(homes[audits])!r})))\n"
            "start = time.perf_counter()\n"
            f"write_visit_report(db, 1, Path({str(out)!r}))\n"
            "seconds = time.perf_counter() - start\n" + _PEAK + "\n"
            "print(json.dumps({'seconds': seconds, 'peak': peak}))\n"
        )
        pages = _pages(out)
        floor = _child(
            "import time\n"
            "from reportlab.lib.pagesizes import A4\n"
            "from reportlab.pdfgen.canvas import Canvas\n"
            "from desktop_app.reports.fonts import BODY, register_fonts\n"
            "register_fonts()\n"
            "start = time.perf_counter()\n"
            f"canvas = Canvas({str(folder / 'plain.pdf')!r}, pagesize=A4)\n"
            f"for page in range({pages}):\n"
            "    canvas.setFont(BODY, 9)\n"
            "    for line in range(40):\n"
            "        for column, cell in enumerate(('B%06d' % page, 'Auditor', 'Complete', 'Child in need', 'Team 7', 'Good')):\n"
            "            canvas.drawString(60 + column * 80, 780 - line * 18, cell)\n"
            "    canvas.showPage()\n"
            "canvas.save()\n"
            "seconds = time.perf_counter() - start\n" + _PEAK + "\n"
            "print(json.dumps({'seconds': seconds, 'peak': peak}))\n"
        )
        helvetica = _child(
            "import time\n"
            "from reportlab.lib.pagesizes import A4\n"
            "from reportlab.pdfgen.canvas import Canvas\n"
            "start = time.perf_counter()\n"
            f"canvas = Canvas({str(folder / 'plain14.pdf')!r}, pagesize=A4)\n"
            f"for page in range({pages}):\n"
            "    for line in range(40):\n"
            "        canvas.drawString(60, 780 - line * 18, 'B%06d  Auditor  Complete  Child in need  Team 7  Good' % page)\n"
            "    canvas.showPage()\n"
            "canvas.save()\n"
            "seconds = time.perf_counter() - start\n" + _PEAK + "\n"
            "print(json.dumps({'seconds': seconds, 'peak': peak}))\n"
        )
        print(
            f"    (a lighter floor, Helvetica with one string a line: {helvetica['seconds']:.2f} s "
            f"= {report['seconds'] / helvetica['seconds']:.1f}x)"
        )
        figures[audits] = (report, floor)
        print(
            f"visit report, {audits:,} audits ({pages} pages): {report['seconds']:.2f} s, "
            f"peak {report['peak']:.0f} MiB; plain ReportLab, same pages: {floor['seconds']:.2f} s "
            f"= {report['seconds'] / floor['seconds']:.1f}x (target <= 10x)"
        )
    small, large = figures[1_000][0], figures[10_000][0]
    print(
        f"visit report growth 1,000 -> 10,000 audits: time {large['seconds'] / small['seconds']:.1f}x, "
        f"peak memory {large['peak'] / small['peak']:.1f}x (linear is 10x or less)"
    )
    return homes


def _pages(path: Path) -> int:
    data = path.read_bytes()
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as name:
        folder = Path(name)
        self_assessment(folder)
        visit_reports(folder)


if __name__ == "__main__":
    main()
