"""Tests of dialect.upload on real sentences from data/corpus/classification/train.tsv (copied here for CI)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dialect.upload import UploadedDataset, read_dataset, read_sentences

SENTENCES = {
    "gyeongsang": [
        "쫌 인기 많아진 거 같애요.",
        "힘이 이제 아이들한테 딸리다 보니",
        "또 그때 연애 제대로 못하고 지 연락이 안 되니까",
        "그렇게 들으니까 나 엄청 로맨티스트 같지 않나?",
        "쫌 나이 있는 사람들 같은 경우에는 엄마가 딸뻘이니까",
        "관념이 사실 쪼끔 있어.",
        "그런 거 생각하면은 쫌 어렵긴 하죠 사실 근데",
        "나중에 뉴욕에 가서 마룬 파이프 공연은 쫌 보고 싶어요.",
    ],
    "jeju": [
        "참에는 아저씨가 손을 내밀엉 복실아 허곡",
        "겐이 야 우리 아방이 영 인연이 되엉 결혼까지 허젠허난",
        "이거 질문하는 것도 예 잘도 예 나는 생각지도 못하는 질문을 합디다 게",
        "제가 관상 이런걸 봤는데요 나 관상도 안 보이는디",
        "헙센 해영 그른 잘못된 거 엇져 글른 일 어신다.",
        "겁나그네 그냥 확 나불켜",
        "게임엔 별로 흥미가 안 가던디",
        "비행기 값도 비싸고 헐 때니까",
    ],
    "gangwon": [
        "한 푼도 움씨 뭘루 재기를 해?",
        "불쑥 뒤통수를 치는 목소리에 그는 숨겨 둔 칼을 튀발나기라도 한 듯",
        "우리 어머이 아버이가 그때 나 욕 안하더라고.",
        "아버지가 오죽하고 여북했으문 너를 찾겠니?",
        "누군가 그에게 거짓말을 한 것이 재엄따.",
        "나는 어려서부터 할무니 밑에서 자랐다.",
        "아주 어느 걘 싹 업고 돌아 걘",
        "다음에 이제 젓가락 숟가락 찝게",
    ],
}
ROWS = [(text, label) for label, texts in SENTENCES.items() for text in texts]
FRAME = pd.DataFrame(ROWS, columns=["text", "label"])
MIN = 5  # each region has 8 sentences here; the default minimum (10) has its own test


def read(data: bytes, filename: str, **options: int) -> UploadedDataset:
    options.setdefault("min_rows_per_class", MIN)
    return read_dataset(data, filename, **options)


def rows_of(dataset: UploadedDataset) -> list[tuple[str, str]]:
    return list(dataset.frame[["text", "label"]].itertuples(index=False, name=None))


def csv_bytes(rows: list[tuple[str, str]], header: tuple[str, str] = ("text", "label"), encoding: str = "utf-8"):
    return pd.DataFrame(rows, columns=list(header)).to_csv(index=False).encode(encoding)


def only(dataset: UploadedDataset, kind: str):
    found = [problem for problem in dataset.problems if problem.kind == kind]
    assert len(found) == 1, dataset.problems
    return found[0]


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"), ("euc-kr", "cp949")],
)
def test_csv_in_each_korean_encoding(encoding, reported):
    dataset = read(csv_bytes(ROWS, encoding=encoding), "data.csv")
    assert dataset.ok, dataset.problems
    assert dataset.problems == []
    assert dataset.encoding == reported
    assert rows_of(dataset) == ROWS
    assert dataset.dropped == 0
    assert dataset.label_counts() == {"gyeongsang": 8, "jeju": 8, "gangwon": 8}


def test_cp949_only_syllables_are_decoded():
    rows = [*ROWS, ("똠방각하 얘기 들어봤나?", "gyeongsang")]
    dataset = read(csv_bytes(rows, encoding="cp949"), "data.csv")
    assert dataset.encoding == "cp949"
    assert rows_of(dataset) == rows


def test_other_encodings_are_guessed():
    dataset = read(FRAME.to_csv(index=False).encode("utf-16"), "data.csv")
    assert dataset.ok, dataset.problems
    assert "16" in dataset.encoding
    assert rows_of(dataset) == ROWS


def test_tsv_with_extra_columns_and_quotes_kept():
    rows = [*ROWS[1:], ('"겁나그네" 그냥 확 나불켜', "jeju")]
    lines = ["text\tlabel\torigin", *(f"{text}\t{label}\t{label}" for text, label in rows)]
    dataset = read("\n".join(lines).encode(), "data.tsv")
    assert dataset.ok, dataset.problems
    assert rows_of(dataset) == rows


def test_tab_separated_file_named_csv():
    data = FRAME.to_csv(index=False, sep="\t").encode()
    assert rows_of(read(data, "export.csv")) == ROWS


def test_xlsx_first_sheet_and_other_sheets_reported():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        FRAME.to_excel(writer, sheet_name="학습", index=False)
        FRAME.head(2).to_excel(writer, sheet_name="메모", index=False)
    dataset = read(buffer.getvalue(), "data.XLSX")
    assert dataset.encoding is None
    assert rows_of(dataset) == ROWS
    assert dataset.ok
    assert "'메모'" in only(dataset, "other_sheets").message


@pytest.mark.parametrize("label_first", [False, True])
def test_txt_without_header_in_either_column_order(label_first):
    lines = [f"{label}\t{text}" if label_first else f"{text}\t{label}" for text, label in ROWS]
    lines[0] = lines[0].replace("쫌 인기", "쫌\t인기")  # a stray tab inside the sentence is joined back
    dataset = read(("\n".join(lines) + "\n").encode(), "data.txt")
    assert dataset.ok, dataset.problems
    assert rows_of(dataset) == ROWS


def test_headerless_csv_rejoins_an_unquoted_comma_and_skips_blank_lines():
    body = "\n".join(f"{text},{label}" for text, label in ROWS[1:])
    dataset = read(f"쫌 인기, 많아진 거 같애요.,경상\n\n{body}\n".encode(), "data.csv")
    assert dataset.ok, dataset.problems
    assert rows_of(dataset) == [("쫌 인기, 많아진 거 같애요.", "gyeongsang"), *ROWS[1:]]
    assert dataset.dropped == 0


def test_korean_headers_and_label_spellings():
    spelled = {"gyeongsang": "경상도", "jeju": "제주", "gangwon": "Gangwon"}
    rows = [(text, spelled[label]) for text, label in ROWS]
    dataset = read(csv_bytes(rows, header=("문장", "지역")), "data.csv")
    assert dataset.ok, dataset.problems
    assert rows_of(dataset) == ROWS


def test_headers_are_case_insensitive_and_label_column_may_come_first():
    data = csv_bytes([(label, text) for text, label in ROWS], header=("Region", " SENTENCE "))
    assert rows_of(read(data, "data.csv")) == ROWS


def test_path_and_upload_object_sources(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(csv_bytes(ROWS))

    class Upload:
        name = "upload.csv"

        def getvalue(self) -> bytes:
            return csv_bytes(ROWS)

    for source in (path, str(path), Upload()):
        dataset = read_dataset(source, min_rows_per_class=MIN)
        assert dataset.ok, (source, dataset.problems)
        assert rows_of(dataset) == ROWS


def test_bytes_without_filename_is_a_programming_error():
    with pytest.raises(TypeError):
        read_dataset(csv_bytes(ROWS))


def assert_bilingual(message: str) -> None:
    korean, _, english = message.partition("(")
    assert any("가" <= char <= "힣" for char in korean), message
    assert english and message.endswith(")."), message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n \n\t\n"])
def test_empty_file(data):
    dataset = read(data, "data.csv")
    assert not dataset.ok
    assert "빈 파일" in only(dataset, "empty_file").message
    assert dataset.frame.empty


def test_file_over_the_size_limit():
    data = csv_bytes(ROWS)
    dataset = read(data, "data.csv", max_bytes=1000)
    problem = only(dataset, "too_big")
    assert problem.level == "error"
    assert f"{len(data):,} bytes" in problem.message
    assert "1,000 bytes" in problem.message
    assert read(data, "data.csv", max_bytes=len(data)).ok


def test_unsupported_extension():
    problem = only(read(csv_bytes(ROWS), "data.json"), "unsupported_type")
    assert problem.level == "error"
    assert "'.json'" in problem.message
    assert_bilingual(problem.message)


def test_undecodable_bytes():
    problem = only(read(bytes(range(256)) * 4, "data.txt"), "undecodable")
    assert problem.level == "error"
    assert "UTF-8" in problem.message


def test_damaged_xlsx():
    problem = only(read(b"not a zip archive", "data.xlsx"), "unreadable")
    assert problem.level == "error"
    assert "XLSX" in problem.message


def test_unclosed_quote_in_a_huge_csv_names_the_line():
    data = csv_bytes(ROWS[:3]) + b'"' + "가".encode() * 140_000
    problem = only(read(data, "data.csv"), "unreadable")
    assert problem.level == "error"
    assert "5행" in problem.message and "line 5" in problem.message


def test_no_text_column_lists_found_and_accepted_names():
    dataset = read(csv_bytes(ROWS, header=("내용", "label")), "data.csv")
    problem = only(dataset, "no_text_column")
    assert not dataset.ok
    assert "'내용', 'label'" in problem.message
    assert "text, sentence, 문장, 발화, dialect, 텍스트" in problem.message
    assert_bilingual(problem.message)


def test_headerless_file_with_three_columns_has_no_text_column():
    data = "\n".join(f"{text}\t{label}\t{label}" for text, label in ROWS).encode()
    assert only(read(data, "data.tsv"), "no_text_column").level == "error"


def test_no_label_column():
    dataset = read(csv_bytes(ROWS, header=("text", "origin")), "data.csv")
    problem = only(dataset, "no_label_column")
    assert "'text', 'origin'" in problem.message
    assert "label, region, 지역, 방언, dialect_region, 라벨, 레이블" in problem.message


def test_headerless_file_without_region_names_has_no_label_column():
    data = "\n".join(f"{text}\t{index}" for index, (text, _) in enumerate(ROWS)).encode()
    assert only(read(data, "data.txt"), "no_label_column").level == "error"


def test_unknown_labels_are_dropped_and_the_first_five_named_with_rows():
    bad = [(text, "부산") for text, _ in ROWS[:6]] + [(ROWS[6][0], "")]
    dataset = read(csv_bytes(bad + ROWS[7:]), "data.csv", min_rows_per_class=1)
    problem = only(dataset, "unknown_label")
    assert problem.level == "warning"
    assert problem.rows == [2, 3, 4, 5, 6, 7, 8]
    assert "'label'" in problem.message
    assert "2행 '부산', 3행 '부산', 4행 '부산', 5행 '부산', 6행 '부산' 외 2개" in problem.message
    assert "row 2 '부산'" in problem.message
    assert dataset.dropped == 7
    assert rows_of(dataset) == ROWS[7:]
    assert dataset.ok
    assert_bilingual(problem.message)


def test_empty_text_rows_are_dropped_and_named():
    rows = [*ROWS[:3], ("  ", "jeju"), *ROWS[3:]]
    dataset = read(csv_bytes(rows), "data.csv")
    problem = only(dataset, "empty_text")
    assert problem.rows == [5]
    assert "5행" in problem.message and "row 5" in problem.message
    assert rows_of(dataset) == ROWS


def test_single_class_is_an_error():
    dataset = read(csv_bytes([row for row in ROWS if row[1] == "jeju"]), "data.csv")
    problem = only(dataset, "single_class")
    assert problem.level == "error"
    assert "jeju" in problem.message and "제주도" in problem.message
    assert not dataset.ok


def test_too_few_rows_per_class_names_the_classes():
    rows = [row for row in ROWS if row[1] != "gangwon"] + [row for row in ROWS if row[1] == "gangwon"][:4]
    problem = only(read(csv_bytes(rows), "data.csv", min_rows_per_class=6), "too_few_rows")
    assert problem.level == "error"
    assert "강원도(gangwon) 4행" in problem.message
    assert "jeju" not in problem.message
    assert_bilingual(problem.message)


def test_default_minimum_is_ten_rows_per_class():
    problem = only(read_dataset(csv_bytes(ROWS), "data.csv"), "too_few_rows")
    assert "10" in problem.message
    assert all(code in problem.message for code in SENTENCES)


def test_duplicates_are_counted_and_dropped():
    rows = [*ROWS, ROWS[0], (" " + ROWS[5][0] + " ", ROWS[5][1]), (ROWS[9][0], "제주도")]
    dataset = read(csv_bytes(rows), "data.csv")
    problem = only(dataset, "duplicate")
    assert problem.level == "warning"
    assert problem.rows == [26, 27, 28]
    assert "3개" in problem.message and "3 rows" in problem.message
    assert rows_of(dataset) == ROWS
    assert dataset.dropped == 3


def test_too_long_rows_are_named():
    long_text = " ".join(text for text, _ in ROWS)
    dataset = read(csv_bytes([*ROWS[:2], (long_text, "jeju"), *ROWS[2:]]), "data.csv")
    problem = only(dataset, "too_long")
    assert len(long_text) > 512
    assert problem.rows == [4]
    assert "512" in problem.message and "4행" in problem.message
    assert rows_of(dataset) == ROWS
    assert len(read(csv_bytes(ROWS), "data.csv", max_chars=20).frame) < len(ROWS)


def test_non_korean_rows_are_named():
    rows = [*ROWS, ("I want to see a concert in New York.", "gyeongsang"), ("12345 !!!", "jeju")]
    problem = only(read(csv_bytes(rows), "data.csv"), "not_korean")
    assert problem.rows == [26, 27]
    assert "26, 27행" in problem.message and "rows 26, 27" in problem.message


def test_every_dropped_row_is_accounted_for_and_nothing_left_is_an_error():
    rows = [("", "jeju"), ("hello there", "jeju"), (ROWS[0][0], "서울특별시")]
    dataset = read(csv_bytes(rows), "data.csv")
    assert dataset.dropped == 3
    assert sum(len(problem.rows) for problem in dataset.warnings) == 3
    assert [problem.kind for problem in dataset.errors] == ["no_rows"]
    assert "3" in dataset.errors[0].message
    assert dataset.label_counts() == {}


def test_header_only_file_has_no_rows():
    problem = only(read(b"text,label\n", "data.csv"), "no_rows")
    assert "데이터 행이 없습니다" in problem.message


def test_sentences_for_translation_from_txt_skip_blank_lines():
    data = "내가 돈을 달라 했나?\n\n자기 의견이 좋아마씀\n".encode("cp949")
    sentences, problems = read_sentences(data, "input.txt")
    assert sentences == ["내가 돈을 달라 했나?", "자기 의견이 좋아마씀"]
    assert problems == []


def test_sentences_for_translation_from_csv_use_the_text_column():
    data = "id,문장\n1,해붓가에 사람이 많다\n2,좀 열기 떨어젼?\n".encode("utf-8-sig")
    sentences, _ = read_sentences(data, "input.csv")
    assert sentences == ["해붓가에 사람이 많다", "좀 열기 떨어젼?"]


def test_sentences_for_translation_from_a_bad_file_give_a_message():
    sentences, problems = read_sentences(b"", "input.txt")
    assert sentences == []
    assert problems[0].kind == "empty_file"
    sentences, problems = read_sentences(b"abc", "input.pdf")
    assert problems[0].kind == "unsupported_type"
