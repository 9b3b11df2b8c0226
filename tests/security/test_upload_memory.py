"""The worker's memory while it checks hostile uploads (issue 19): its peak RSS, read from
/proc, grows by less than 50 MB for any of them, accepted or refused.

Not in `make mutants`' lists (tests/mutation/modules.py): each case takes seconds, and a peak
RSS measured in mutmut's forked child would also count the pages it copies from its parent;
the bounds are pinned one by one in test_upload_bombs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from intrasphere import uploads
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload
from tests.security.test_upload_bombs import (
    MB,
    SCRIPT,
    image_bytes,
    odt_bomb,
    office_zip,
    pdf_with_object_stream,
    upload,
)
from tests.security.test_uploads import bomb_png

# --- memory ----------------------------------------------------------------------------------


def _peak_rss_growth(action) -> int:
    """Bytes the process's peak RSS grew by while `action()` ran (Linux: VmHWM is reset)."""
    status = Path("/proc/self/status")
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pytest.skip("cannot reset the peak RSS here (/proc/self/clear_refs)")

    def field(name: str) -> int:
        line = next(x for x in status.read_text().splitlines() if x.startswith(name))
        return int(line.split()[1]) * 1024

    before = field("VmRSS:")
    action()
    return field("VmHWM:") - before


def _validate_and_thumbnail(name: str, data: bytes, *, image: bool = False):
    def run():
        handle = upload(name, data)
        try:
            if image:
                validate_upload(handle, allowed=IMAGE_EXTENSIONS, thumbnail=(640, 360))
                image_thumbnail(handle, size=(640, 360))
            else:
                validate_upload(handle)
        except ValidationError:
            pass

    return run


MEMORY_CASES = {
    "odt bomb 512 MiB": ("bomb.odt", lambda: odt_bomb(512 * MB), False),
    "odt liar 64 MiB": ("liar.odt", lambda: odt_bomb(64 * MB, lie=True), False),
    "many entries": ("many.docx", lambda: office_zip(uploads.ARCHIVE_MAX_ENTRIES + 1), False),
    "png 1 x 39,999,999": ("bomb.png", lambda: bomb_png(1, 39_999_999), True),
    "png 6,000 x 6,000": ("bomb.png", lambda: bomb_png(6_000, 6_000), True),
    "largest png thumbnailed": ("big.png", lambda: image_bytes((2_800, 2_800), "PNG"), True),
    "jpeg 24 MP thumbnailed": ("photo.jpg", lambda: image_bytes((6_000, 4_000), "JPEG"), True),
    "jpeg strip thumbnailed": ("strip.jpg", lambda: image_bytes((11_000, 700), "JPEG"), True),
    "pdf object stream": ("a.pdf", lambda: pdf_with_object_stream(SCRIPT), False),
}


@pytest.mark.parametrize("case", list(MEMORY_CASES))
def test_worker_memory_grows_less_than_50_mb(case):
    name, make, image = MEMORY_CASES[case]
    data = make()
    growth = _peak_rss_growth(_validate_and_thumbnail(name, data, image=image))
    assert growth < 50 * MB, f"{case}: peak RSS grew by {growth / MB:.0f} MB"
