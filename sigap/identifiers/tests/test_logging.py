from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.identifiers.logging import MaskNIKFilter, scrub

NIK = "1571015705900002"
MASKED = "1571************"
NIP = "198503152010012001"


class Capture:
    """A logger whose only handler writes formatted lines (with the filter) to a buffer."""

    def __init__(self, formatter: logging.Formatter | None = None) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(MaskNIKFilter())
        self.handler.setFormatter(formatter or logging.Formatter("%(levelname)s %(message)s"))
        # A logger outside logging's registry: pytest attaches its own (unfiltered)
        # capture handler to registered loggers, even non-propagating ones.
        self.logger = logging.Logger("sigap.tests.identifiers.mask")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def close(self) -> None:
        self.logger.removeHandler(self.handler)


@pytest.fixture
def capture() -> Iterator[Capture]:
    cap = Capture()
    yield cap
    cap.close()


def test_a_nik_in_the_message_is_masked(capture: Capture) -> None:
    capture.logger.info(f"pendaftaran NIK {NIK} diterima")
    assert NIK not in capture.text
    assert f"pendaftaran NIK {MASKED} diterima" in capture.text


def test_a_nik_passed_as_a_string_argument_is_masked(capture: Capture) -> None:
    capture.logger.warning("NIK %s sudah terdaftar", NIK)
    assert NIK not in capture.text and MASKED in capture.text


def test_a_nik_passed_as_an_integer_argument_is_masked(capture: Capture) -> None:
    capture.logger.warning("NIK %d ditolak", int(NIK))
    assert NIK not in capture.text and MASKED in capture.text


def test_a_nik_inside_a_mapping_argument_is_masked(capture: Capture) -> None:
    capture.logger.info("data: %(data)s", {"data": {"nik": NIK, "nama": "Siti"}})
    assert NIK not in capture.text and MASKED in capture.text


def test_a_nik_in_a_percent_sign_message_is_not_reinterpolated(capture: Capture) -> None:
    capture.logger.info("100%% cocok untuk %s", NIK)
    assert f"100% cocok untuk {MASKED}" in capture.text


def test_a_nik_in_an_exception_message_is_masked_in_the_traceback(capture: Capture) -> None:
    try:
        raise ValueError(f"NIK {NIK} tidak ditemukan")
    except ValueError:
        capture.logger.exception("gagal memproses")
    assert "Traceback" in capture.text and "ValueError" in capture.text
    assert NIK not in capture.text and MASKED in capture.text


def test_a_nik_in_a_chained_exception_is_masked(capture: Capture) -> None:
    try:
        try:
            raise KeyError(NIK)
        except KeyError as inner:
            raise RuntimeError("pencarian gagal") from inner
    except RuntimeError:
        capture.logger.error("gagal", exc_info=True)
    assert NIK not in capture.text and MASKED in capture.text


def test_an_exception_without_a_nik_keeps_its_exc_info() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "gagal", (), None)
    try:
        raise ValueError("tanpa data pribadi")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    MaskNIKFilter().filter(record)
    assert record.exc_info is not None and "tanpa data pribadi" in (record.exc_text or "")


def test_a_formatter_that_renders_exc_info_itself_cannot_print_the_nik() -> None:
    class JsonFormatter(logging.Formatter):
        # Like JSON formatters: renders exc_info directly and ignores exc_text.
        def format(self, record: logging.LogRecord) -> str:
            data = {"message": record.getMessage()}
            if record.exc_info:
                data["exc"] = self.formatException(record.exc_info)
            else:
                data["exc"] = record.exc_text or ""
            return json.dumps(data)

    cap = Capture(JsonFormatter())
    try:
        raise ValueError(f"NIK {NIK}")
    except ValueError:
        cap.logger.exception("gagal")
    cap.close()
    assert NIK not in cap.text and MASKED in cap.text


def test_a_nik_in_stack_info_is_masked() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "jejak", (), None)
    record.stack_info = f'Stack (most recent call last):\n  lookup(nik="{NIK}")'
    MaskNIKFilter().filter(record)
    assert record.stack_info.endswith(f'lookup(nik="{MASKED}")')


def test_a_nik_passed_with_extra_is_masked() -> None:
    cap = Capture(logging.Formatter("%(message)s nik=%(nik)s"))
    cap.logger.info("pemohon", extra={"nik": NIK})
    cap.close()
    assert NIK not in cap.text and f"nik={MASKED}" in cap.text


def test_a_broken_format_does_not_raise_and_does_not_leak_the_nik(
    capture: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    # Too many arguments: formatting fails and logging prints msg and args to stderr.
    capture.logger.info("NIK %s", NIK, "lagi")
    capture.logger.info(f"NIK {NIK} %s %s", "hanya satu")
    stderr = capsys.readouterr().err
    assert "--- Logging error ---" in stderr
    assert NIK not in stderr and NIK not in capture.text
    assert MASKED in stderr


def test_a_nik_typed_in_groups_is_masked() -> None:
    assert scrub("NIK 1571 0157 0590 0002 dan 1571-0157-0590-0002") == (
        f"NIK {MASKED} dan {MASKED}"
    )


def test_an_18_digit_nip_is_not_mistaken_for_a_nik(capture: Capture) -> None:
    capture.logger.info("NIP %s", NIP)
    capture.logger.info("NIP 19850315 201001 2 001")
    assert NIP in capture.text and "19850315 201001 2 001" in capture.text


def test_a_nik_glued_to_letters_is_still_masked() -> None:
    assert scrub(f"nik={NIK};") == f"nik={MASKED};"
    assert scrub(f"NIK{NIK}x") == f"NIK{MASKED}x"


def test_the_filter_never_drops_a_record() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "NIK %s", (NIK,), None)
    assert MaskNIKFilter().filter(record) is True
    assert record.getMessage() == f"NIK {MASKED}"


def test_filtering_twice_gives_the_same_line() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "NIK %s", (NIK,), None)
    MaskNIKFilter().filter(record)
    MaskNIKFilter().filter(record)
    assert record.getMessage() == f"NIK {MASKED}"


def test_the_project_console_handler_masks_niks() -> None:
    # config.settings.LOGGING attaches the filter to the console handler.
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskNIKFilter) for f in h.filters)
    ]
    assert handlers, "the root logger has no handler with MaskNIKFilter"


niks = st.from_regex(r"[1-9][0-9]{15}", fullmatch=True)
# Text around the NIK must not be a digit, or it would be part of a longer number.
surroundings = st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=30)


@given(prefix=surroundings, nik=niks, suffix=surroundings, as_arg=st.booleans())
def test_a_log_line_never_contains_a_full_nik(
    prefix: str, nik: str, suffix: str, as_arg: bool
) -> None:
    cap = Capture()
    try:
        if as_arg:
            cap.logger.info("%s%s%s", prefix, nik, suffix)
        else:
            cap.logger.info(prefix.replace("%", "%%") + nik + suffix.replace("%", "%%"))
    finally:
        cap.close()
    assert nik not in cap.text
    assert nik[:4] + "*" * 12 in cap.text


def test_an_argument_that_cannot_be_printed_does_not_crash_the_caller(
    capture: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("rusak")

    capture.logger.info("objek %s NIK %s", Unprintable(), NIK)  # must not raise
    assert NIK not in capsys.readouterr().err and NIK not in capture.text


@pytest.mark.parametrize(
    "url",
    [
        "/kerja/asn/?q=1571015705900002",
        "/kerja/asn/?q=1571+0157+0590+0002",
        "/kerja/asn/?q=1571%200157%200590%200002",
        "/kerja/asn/?q=%201571015705900002",  # an encoded space glued to the NIK
    ],
)
def test_a_nik_in_a_url_as_a_browser_sends_it_is_masked(url: str) -> None:
    cleaned = scrub(url)
    assert cleaned.endswith(MASKED) and "0590" not in cleaned
