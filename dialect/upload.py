"""Reading and checking the datasets users upload on the Train page to retrain the dialect classifier.

Formats: CSV, TSV, TXT and XLSX (first sheet). Text files may be UTF-8 (with or without BOM) or cp949 / euc-kr;
other encodings are guessed with ``charset-normalizer``. TSV and TXT are split on tabs with no quote handling,
so quotes in sentences are kept as they are; CSV follows the usual quoting rules.

Columns are found by header name (``TEXT_COLUMNS``, ``LABEL_COLUMNS``, case-insensitive). Without a recognised
header the file must have two columns; the one holding region names is the label, so a TXT line may be
``text<TAB>label`` or ``label<TAB>text``. Extra cells in such a row are joined back into the sentence (an unquoted
comma or tab inside it). Completely blank lines are skipped; every other row is either kept or reported.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import openpyxl
import pandas as pd
from charset_normalizer import from_bytes

from dialect.regions import CODES, REGIONS, korean_name, parse_region
from dialect.text import MIN_HANGUL_SHARE, hangul_share, normalize

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MIN_ROWS_PER_CLASS = 10
MAX_TEXT_CHARS = 512
EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx")
TEXT_COLUMNS = ("text", "sentence", "문장", "발화", "dialect", "텍스트")
LABEL_COLUMNS = ("label", "region", "지역", "방언", "dialect_region", "라벨", "레이블")

_SHOWN_ROWS = 10
_SHOWN_LABELS = 5
_DETECT_ROWS = 200

Level = Literal["error", "warning"]
Kind = Literal[
    "unsupported_type",
    "empty_file",
    "too_big",
    "undecodable",
    "unreadable",
    "no_text_column",
    "no_label_column",
    "other_sheets",
    "empty_text",
    "unknown_label",
    "too_long",
    "not_korean",
    "duplicate",
    "no_rows",
    "single_class",
    "too_few_rows",
]


@dataclass
class Problem:
    """One finding about an upload. Errors block training; warnings report rows that were dropped."""

    level: Level
    kind: Kind
    message: str
    rows: list[int] = field(default_factory=list)


@dataclass
class UploadedDataset:
    """Clean rows (columns ``text`` and ``label``, a region code) and everything found wrong on the way."""

    frame: pd.DataFrame
    encoding: str | None
    problems: list[Problem]
    dropped: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no error, so the frame can be trained on."""
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "warning"]

    def label_counts(self) -> dict[str, int]:
        """Rows per region code, in ``CODES`` order."""
        counts = self.frame["label"].value_counts()
        return {code: int(counts[code]) for code in CODES if code in counts}


class UploadLike(Protocol):
    """What Streamlit's ``UploadedFile`` offers."""

    name: str

    def getvalue(self) -> bytes: ...


class _Rejected(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_dataset(
    source: str | Path | bytes | UploadLike,
    filename: str | None = None,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    min_rows_per_class: int = MIN_ROWS_PER_CLASS,
    max_chars: int = MAX_TEXT_CHARS,
) -> UploadedDataset:
    """Read an uploaded dataset: a path, raw bytes with their ``filename``, or an ``UploadedFile``.

    A bad file never raises; what is wrong comes back in ``problems``. Row numbers count lines as the user
    sees them in the file (1-based, the header is row 1).
    """
    encoding = None
    problems: list[Problem] = []
    try:
        suffix, data = _load(source, filename, max_bytes)
        if suffix == ".xlsx":
            rows, joiner, sheets = _xlsx_rows(data)
            if len(sheets) > 1:
                problems.append(_warning("other_sheets", _other_sheets_message(sheets)))
        else:
            text, encoding = _decode(data)
            rows, joiner = _text_rows(text, suffix)
        records, label_column = _records(rows, joiner)
    except _Rejected as rejected:
        return UploadedDataset(_frame([]), encoding, [rejected.problem])
    kept, row_problems = _clean(records, label_column, max_chars)
    problems += row_problems + _class_problems(kept, len(records), min_rows_per_class)
    return UploadedDataset(_frame(kept), encoding, problems, dropped=len(records) - len(kept))


def _load(source: str | Path | bytes | UploadLike, filename: str | None, max_bytes: int) -> tuple[str, bytes]:
    """The lower-case file extension and the file's bytes, once type and size are acceptable."""
    if isinstance(source, str | Path):
        path = Path(source)
        suffix = _check_file(filename or path.name, path.stat().st_size, max_bytes)
        return suffix, path.read_bytes()
    if isinstance(source, bytes):
        if filename is None:
            raise TypeError("read_dataset needs a filename with bytes, to tell the file type")
        name, data = filename, source
    else:
        name, data = filename or source.name, source.getvalue()
    return _check_file(name, len(data), max_bytes), data


def _check_file(name: str, size: int, max_bytes: int) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        shown = suffix or name
        raise _Rejected(
            _error(
                "unsupported_type",
                f"지원하지 않는 파일 형식입니다: '{shown}'. CSV, TSV, TXT, XLSX 파일을 올려 주세요 "
                f"(unsupported file type '{shown}'; upload a CSV, TSV, TXT or XLSX file).",
            )
        )
    if size == 0:
        raise _Rejected(_empty_file())
    if size > max_bytes:
        raise _Rejected(
            _error(
                "too_big",
                f"파일이 너무 큽니다: {_size(size)} (최대 {_size(max_bytes)}) "
                f"(file too large: {_size(size)}, limit {_size(max_bytes)}).",
            )
        )
    return suffix


def _decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (``utf-8-sig`` when it has a BOM), then cp949, then a guess."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        return text, encoding
    guess = from_bytes(data).best()
    if guess is None:
        raise _Rejected(
            _error(
                "undecodable",
                "파일의 문자 인코딩을 알 수 없습니다. UTF-8로 저장해 주세요 "
                "(could not tell the text encoding; save the file as UTF-8).",
            )
        )
    return str(guess), guess.encoding


def _text_rows(text: str, suffix: str) -> tuple[list[list[str]], str]:
    """Cells of a CSV, TSV or TXT file and the separator that was split on."""
    if suffix == ".csv":
        first_line = text.partition("\n")[0]
        delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    else:
        delimiter = "\t"
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    try:
        return list(reader), delimiter
    except csv.Error as exc:
        raise _Rejected(
            _error(
                "unreadable",
                f"파일을 읽을 수 없습니다: {reader.line_num}행 근처 "
                f"(could not parse the file near line {reader.line_num}: {exc}).",
                [reader.line_num],
            )
        ) from exc


def _xlsx_rows(data: bytes) -> tuple[list[list[str]], str, list[str]]:
    """Cells of the first sheet, the separator for joined cells, and all sheet names."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:  # a damaged workbook fails in zipfile, XML parsing or openpyxl itself
        raise _Rejected(
            _error(
                "unreadable",
                "엑셀 파일을 읽을 수 없습니다. 엑셀에서 다시 저장해 보세요 "
                f"(could not read the XLSX file: {type(exc).__name__}: {exc}).",
            )
        ) from exc
    return rows, " ", workbook.sheetnames


def _records(rows: list[list[str]], joiner: str) -> tuple[list[tuple[int, str, str]], str]:
    """``(row number, text, label)`` for each non-blank data row, and how to name the label column."""
    numbered = [(number, cells) for number, cells in enumerate(rows, 1) if any(cell.strip() for cell in cells)]
    if not numbered:
        raise _Rejected(_empty_file())
    header = numbered[0][1]
    keys = [normalize(cell).lower().replace(" ", "_").replace("-", "_") for cell in header]
    text_at = next((i for i, key in enumerate(keys) if key in TEXT_COLUMNS), None)
    label_at = next((i for i, key in enumerate(keys) if key in LABEL_COLUMNS and i != text_at), None)
    if text_at is not None and label_at is not None:
        records = [(number, _cell(cells, text_at), _cell(cells, label_at)) for number, cells in numbered[1:]]
        return records, f"'{header[label_at]}'"
    if text_at is not None or label_at is not None:
        raise _Rejected(_missing_column("no_label_column" if text_at is not None else "no_text_column", header))
    widths = Counter(len(cells) for _, cells in numbered[:_DETECT_ROWS])
    if widths.most_common(1)[0][0] != 2:
        raise _Rejected(_missing_column("no_text_column", header))
    sample = [cells for _, cells in numbered[:_DETECT_ROWS] if len(cells) >= 2]
    first_hits = sum(_region(cells[0]) is not None for cells in sample)
    last_hits = sum(_region(cells[-1]) is not None for cells in sample)
    if first_hits == last_hits == 0:
        raise _Rejected(_missing_column("no_label_column", header))
    label_first = first_hits > last_hits
    records = [(number, *_split(cells, label_first, joiner)) for number, cells in numbered]
    return records, "#1" if label_first else "#2"


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _split(cells: list[str], label_first: bool, joiner: str) -> tuple[str, str]:
    """Text and label of a header-less row; a lone cell is taken as text."""
    if len(cells) < 2:
        return cells[0], ""
    if label_first:
        return joiner.join(cells[1:]), cells[0]
    return joiner.join(cells[:-1]), cells[-1]


def _region(name: str) -> str | None:
    try:
        return parse_region(name)
    except ValueError:
        return None


def _drop_reason(text: str, label: str | None, seen: set[tuple[str, str]], max_chars: int) -> Kind | None:
    """Why a row cannot be kept, checked in this order; ``None`` keeps it."""
    if not text:
        return "empty_text"
    if label is None:
        return "unknown_label"
    if len(text) > max_chars:
        return "too_long"
    if hangul_share(text) < MIN_HANGUL_SHARE:
        return "not_korean"
    if (text, label) in seen:
        return "duplicate"
    return None


def _clean(
    records: list[tuple[int, str, str]], label_column: str, max_chars: int
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Rows kept as ``(text, label code)``, and one warning per reason rows were dropped."""
    dropped: dict[Kind, list[int]] = {
        "empty_text": [],
        "unknown_label": [],
        "too_long": [],
        "not_korean": [],
        "duplicate": [],
    }
    unknown: list[tuple[int, str]] = []
    kept: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, raw_text, raw_label in records:
        text, label = normalize(raw_text), _region(raw_label)
        reason = _drop_reason(text, label, seen, max_chars)
        if reason is None and label is not None:
            seen.add((text, label))
            kept.append((text, label))
        elif reason is not None:
            dropped[reason].append(number)
            if reason == "unknown_label":
                unknown.append((number, normalize(raw_label)))
    messages = {
        "empty_text": "문장이 비어 있는 {n}개 행을 제외했습니다: {ko} (dropped {rows} with empty text: {en}).",
        "too_long": (
            f"{max_chars}자보다 긴 {{n}}개 행을 제외했습니다: {{ko}} "
            f"(dropped {{rows}} longer than {max_chars} characters: {{en}})."
        ),
        "not_korean": (
            f"한글이 {MIN_HANGUL_SHARE:.0%}보다 적어 한국어가 아닌 {{n}}개 행을 제외했습니다: {{ko}} "
            f"(dropped {{rows}} that are not Korean, under {MIN_HANGUL_SHARE:.0%} Hangul letters: {{en}})."
        ),
        "duplicate": "중복된 {n}개 행을 제외했습니다: {ko} (dropped {rows} repeating an earlier row: {en}).",
    }
    problems = []
    for kind, rows in dropped.items():
        if not rows:
            continue
        if kind == "unknown_label":
            message = _unknown_labels_message(unknown, label_column)
        else:
            counts = {"n": len(rows), "rows": _count_rows(len(rows))}
            message = messages[kind].format(**counts, ko=_rows_ko(rows), en=_rows_en(rows))
        problems.append(_warning(kind, message, rows))
    return kept, problems


def _class_problems(kept: list[tuple[str, str]], total: int, min_rows_per_class: int) -> list[Problem]:
    """Errors that stop training: nothing left, a single class, or classes below the minimum."""
    if not kept:
        detail = f"모든 {total}개 행이 제외되었습니다" if total else "데이터 행이 없습니다"
        english = f"all {total} rows were dropped" if total else "the file has no data rows"
        return [_error("no_rows", f"학습할 수 있는 행이 없습니다: {detail} (no usable rows: {english}).")]
    counts = Counter(label for _, label in kept)
    problems = []
    if len(counts) == 1:
        (code,) = counts
        problems.append(
            _error(
                "single_class",
                f"지역이 {korean_name(code)}({code}) 하나뿐입니다. 학습하려면 두 지역 이상이 필요합니다 "
                f"(only one class, '{code}'; training needs at least two).",
            )
        )
    small = [code for code in CODES if 0 < counts[code] < min_rows_per_class]
    if small:
        korean = ", ".join(f"{korean_name(code)}({code}) {counts[code]}행" for code in small)
        english = ", ".join(f"{code} {counts[code]}" for code in small)
        problems.append(
            _error(
                "too_few_rows",
                f"지역마다 {min_rows_per_class}행 이상이 필요합니다: {korean} "
                f"(too few rows per class, minimum {min_rows_per_class}: {english}).",
            )
        )
    return problems


def _unknown_labels_message(unknown: list[tuple[int, str]], column: str) -> str:
    shown = unknown[:_SHOWN_LABELS]
    korean = ", ".join(f"{number}행 '{label}'" if label else f"{number}행 (빈 값)" for number, label in shown)
    english = ", ".join(f"row {number} '{label}'" if label else f"row {number} (empty)" for number, label in shown)
    more = len(unknown) - len(shown)
    if more:
        korean += f" 외 {more}개"
        english += f" and {more} more"
    accepted_ko = ", ".join(region.korean for region in REGIONS)
    accepted_en = ", ".join(region.code for region in REGIONS)
    return (
        f"{column} 열의 라벨을 알 수 없는 {len(unknown)}개 행을 제외했습니다: {korean}. 가능한 값: {accepted_ko} "
        f"(dropped {_count_rows(len(unknown))} with unknown labels in column {column}: {english}; "
        f"accepted: {accepted_en})."
    )


def _missing_column(kind: Kind, header: list[str]) -> Problem:
    korean, english, accepted = (
        ("문장", "text", TEXT_COLUMNS) if kind == "no_text_column" else ("라벨", "label", LABEL_COLUMNS)
    )
    found = ", ".join(f"'{cell}'" for cell in header)
    names = ", ".join(accepted)
    return _error(
        kind,
        f"{korean} 열을 찾지 못했습니다. 첫 행의 열: {found}. 가능한 열 이름: {names}. "
        f"머리글이 없으면 문장과 지역 두 열만 있어야 합니다 "
        f"(no {english} column; first row has {found}; accepted names: {names}; "
        f"without a header the file must have exactly two columns, text and region).",
    )


def _other_sheets_message(sheets: list[str]) -> str:
    others = ", ".join(f"'{name}'" for name in sheets[1:])
    return (
        f"첫 시트 '{sheets[0]}'만 읽었습니다. 읽지 않은 시트: {others} "
        f"(only the first sheet '{sheets[0]}' was read; sheets not read: {others})."
    )


def _empty_file() -> Problem:
    return _error("empty_file", "빈 파일입니다 (the file is empty).")


def _rows_ko(rows: list[int]) -> str:
    more = len(rows) - _SHOWN_ROWS
    return ", ".join(map(str, rows[:_SHOWN_ROWS])) + "행" + (f" 외 {more}개" if more > 0 else "")


def _rows_en(rows: list[int]) -> str:
    more = len(rows) - _SHOWN_ROWS
    shown = ", ".join(map(str, rows[:_SHOWN_ROWS]))
    return ("row " if len(rows) == 1 else "rows ") + shown + (f" and {more} more" if more > 0 else "")


def _count_rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size:,} bytes"


def _frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["text", "label"])


def _error(kind: Kind, message: str, rows: list[int] | None = None) -> Problem:
    return Problem("error", kind, message, rows or [])


def _warning(kind: Kind, message: str, rows: list[int] | None = None) -> Problem:
    return Problem("warning", kind, message, rows or [])


def read_sentences(
    source: str | Path | bytes | UploadLike, filename: str | None = None, *, max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[list[str], list[Problem]]:
    """Sentences to translate from a TXT (one per line) or CSV/TSV/XLSX (its text column, else the first column).

    Blank lines are skipped; a bad file gives no sentences and a problem saying why, never an exception.
    """
    try:
        suffix, data = _load(source, filename, max_bytes)
        if suffix == ".xlsx":
            rows, _, _ = _xlsx_rows(data)
        elif suffix == ".txt":
            text, _ = _decode(data)
            rows = [[line] for line in text.splitlines()]
        else:
            text, _ = _decode(data)
            rows, _ = _text_rows(text, suffix)
    except _Rejected as rejected:
        return [], [rejected.problem]
    rows = [cells for cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        return [], [_empty_file()]
    column = 0
    if suffix != ".txt":
        keys = [normalize(cell).lower() for cell in rows[0]]
        named = next((index for index, key in enumerate(keys) if key in TEXT_COLUMNS), None)
        if named is not None:
            column, rows = named, rows[1:]
    sentences = [normalize(_cell(cells, column)) for cells in rows]
    return [sentence for sentence in sentences if sentence], []
