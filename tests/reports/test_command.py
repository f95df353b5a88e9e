"""`hoptac report`: files written, one-line errors for every user mistake."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as WordDocument

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_writes_a_docx_for_a_district(small_register, tmp_path):
    target = tmp_path / "hong-bang.docx"
    message = run("--unit", "303", "--year", "2021", "--since", "2005-01-01", "--format", "docx",
                  "--output", str(target))
    assert message.startswith("đã ghi ") and "Quận Hồng Bàng" in message
    text = "\n".join(p.text for p in WordDocument(str(target)).paragraphs)
    assert "có 04 hợp tác xã (HTX)" in text
    assert "có thêm 05 HTX được thành lập mới" in text
    assert "01 HTX đã giải thể" in text
    assert "01 HTX chưa được ghi nhận lĩnh vực" in text


def test_writes_english_pdf_and_xlsx(small_register, tmp_path):
    run("--unit", "303", "--year", "2021", "--format", "pdf", "--output", str(tmp_path / "r.pdf"), "--lang", "en")
    run("--unit", "303", "--year", "2021", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")


def test_unit_without_data_is_said_plainly(small_register, tmp_path):
    message = run("--unit", "304", "--year", "2021", "--format", "docx", "--output", str(tmp_path / "r.docx"))
    assert "đơn vị và năm này chưa có số liệu" in message
    text = "\n".join(p.text for p in WordDocument(str(tmp_path / "r.docx")).paragraphs)
    assert "chưa có số liệu để báo cáo" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "99999", "--year", "2021", "--format", "pdf"], "mã đơn vị '99999' không tồn tại"),
        (["--unit", "31", "--year", "20x1", "--format", "pdf"], "năm '20x1' không phải là một năm"),
        (["--unit", "31", "--year", "2099", "--format", "pdf"], "năm 2099 là năm trong tương lai"),
        (["--unit", "31", "--year", "2021", "--format", "odt"], "định dạng “odt” không được hỗ trợ"),
        (["--unit", "31", "--year", "2021", "--format", "pdf", "--since", "2021-13-01"], "bắt đầu kỳ '2021-13-01' không phải là ngày hợp lệ"),
        (["--unit", "31", "--year", "2021", "--format", "pdf", "--since", "2022-02-01"], "sau ngày báo cáo"),
        (["--unit", "31", "--year", "2021", "--format", "pdf", "--baseline-year", "1800"], "năm gốc 1800"),
        (["--unit", "31", "--year", "2021", "--format", "pdf", "--lang", "fr"], "ngôn ngữ “fr” không được hỗ trợ"),
    ],
)
def test_bad_input_gives_one_clear_line(args, message, tmp_path):
    with pytest.raises(CommandError) as error:
        run(*args, "--output", str(tmp_path / f"r.{args[args.index('--format') + 1]}"))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_output_paths(tmp_path):
    base = ["--unit", "31", "--year", "2021", "--format", "pdf"]
    with pytest.raises(CommandError, match="không tồn tại"):
        run(*base, "--output", str(tmp_path / "missing" / "r.pdf"))
    with pytest.raises(CommandError, match="là một thư mục"):
        run(*base, "--output", str(tmp_path))
    with pytest.raises(CommandError, match=r"phải có đuôi \.pdf"):
        run(*base, "--output", str(tmp_path / "r.docx"))


def test_cli_prints_one_line_and_exits_non_zero(tmp_path, capsys):
    from hoptac.cli import main

    args = ["report", "--unit", "99999", "--year", "2021", "--format", "pdf", "--output", str(tmp_path / "r.pdf")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "99999" in err and "Traceback" not in err
    assert err.startswith("hoptac: ")
