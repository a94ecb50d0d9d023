"""Bad input of the kinds people have gets a clear message, exit status 1, and the other files still build."""

from __future__ import annotations

import io
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kg.cli import main
from kg.read import ReadError, read_source
from tests.conftest import CORPUS
from tests.formats.render import write_text_pdf

GOOD = CORPUS / "003_681c875d0e20b629.txt"


def _encrypted_pdf(path: Path) -> Path:
    """A PDF whose trailer names a standard security handler it cannot be opened without (a user password)."""
    return write_text_pdf([["secret"]], path, trailer_extra=(
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >> /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] "))


def _truncated_pdf(path: Path) -> Path:
    whole = write_text_pdf([["1. A paragraph of a report that was cut off."]] * 3, path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _docx_not_a_zip(path: Path) -> Path:
    path.write_bytes(b"This was saved as .docx by mistake\x00\x01\x02 and is no zip archive at all.")
    return path


def _zip_bomb(path: Path) -> Path:
    """A DOCX-looking zip whose document part unpacks to 200 MB of nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = b" " * (1024 * 1024)
            for _ in range(200):
                handle.write(chunk)
    path.write_bytes(buffer.getvalue())
    return path


def _many_pages(path: Path) -> Path:
    return write_text_pdf([[f"Page {n} of a very long file."] for n in range(2000)], path)


def _empty_html(path: Path) -> Path:
    path.write_text("<!DOCTYPE html><html><head><title>UNODC</title><script>var x = 1;</script></head><body>"
                    "<nav><a href='/'>Home</a><a href='/news'>News</a></nav><main>  </main>"
                    "<footer>Copyright United Nations</footer></body></html>", encoding="utf-8")
    return path


CASES = [
    ("encrypted.pdf", _encrypted_pdf, "encrypted"),
    ("truncated.pdf", _truncated_pdf, "truncated"),
    ("not-a-zip.docx", _docx_not_a_zip, "not a Word document"),
    ("bomb.docx", _zip_bomb, "zip bomb"),
    ("long.pdf", _many_pages, "2,000 pages"),
    ("page.html", _empty_html, "no text"),
]


@pytest.mark.parametrize(("name", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_clear_message(tmp_path: Path, name: str, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / name)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ReadError, match=message):
            read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 100 * 1024 * 1024  # Python's own allocations: nothing was unpacked or laid out


def test_a_folder_with_bad_files_builds_the_rest_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    for name, make, _message in CASES:
        make(folder / name)
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-viz"]) == 1
    captured = capsys.readouterr()
    for name, _make, message in CASES:
        assert any(name in line and message in line for line in captured.err.splitlines() if "error:" in line), name
    assert "built 1 documents" in captured.out
    assert "6 files failed" in captured.out
