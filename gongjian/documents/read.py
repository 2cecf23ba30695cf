"""Practice articles in: the text of a .txt, .md, .html, .docx or text .pdf file, in passages.

Every format is read with a well-kept library (python-docx, pypdf, BeautifulSoup); text files
in UTF-8 (with or without BOM), UTF-16 with BOM or GB18030 (GBK, GB2312). A file that cannot
be read raises :class:`Unreadable` with the reason in Chinese; the caller reports it by name
and goes on with the rest.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: The formats read, by file suffix.
SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
#: A file larger than this is refused unread: articles are a few pages; a bigger file is
#: most likely not one (a scanned book, a database dump) and would hold up the rest.
MAX_BYTES = 20 * 1024 * 1024

_HINTS = {".doc": "请用 Word 另存为 .docx", ".wps": "请另存为 .docx", ".rtf": "请另存为 .docx 或 .txt"}


class Unreadable(Exception):
    """A file that cannot be read as an article; the message says why, in Chinese."""


@dataclass(frozen=True)
class Article:
    """What a file says: its title, its date where it gives one, its text in passages."""

    source: str
    """The file's name (without its folder)."""
    format: str
    title: str
    date: str | None
    passages: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.passages)


def files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and every file of a read format in the folders named (sorted, any
    depth, hidden files skipped); a named file of another format is yielded too, to be
    reported."""
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(p.startswith(".") for p in rel):
                    yield f
        else:
            yield path


def read(path: Path) -> Article:
    """Read one file; raise :class:`Unreadable` with the reason if it cannot be."""
    suffix = path.suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        hint = _HINTS.get(suffix, "支持 " + " ".join(sorted(set(SUFFIXES))))
        raise Unreadable(f"不支持的格式“{suffix or '（无扩展名）'}”：{hint}")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise Unreadable("文件不存在") from None
    except OSError as e:
        raise Unreadable(f"无法读取：{e.strerror or e}") from None
    if size == 0:
        raise Unreadable("文件为空")
    if size > MAX_BYTES:
        raise Unreadable(
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB），未导入"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(f"无法读取：{e.strerror or e}") from None
    title, lines, date_hint = _READERS[fmt](data)
    passages = tuple(p for p in (_clean(line) for line in lines) if p)
    if not passages:
        raise Unreadable("没有可读的文字" + ("（可能是扫描件，需先做文字识别）" if fmt == "pdf" else ""))
    title = _clean(title or "") or _title(passages)
    return Article(path.name, fmt, title, date_hint or find_date("\n".join(passages[:5])), passages)


# ------------------------------------------------------------------ formats


def decode(data: bytes) -> str:
    """Bytes of a text file as text: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("UTF-16 编码有误，无法解码") from None
    if b"\x00" in data[:65536]:
        raise Unreadable("不是文本文件（含二进制内容），请确认文件格式")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text
    raise Unreadable("不是文本文件（无法按 UTF-8 或 GB18030 解码），请另存为 UTF-8 文本")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f")
    return odd > max(8, len(sample) // 100)


def _text(data: bytes) -> tuple[str | None, list[str], str | None]:
    return None, decode(data).splitlines(), None


_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|\*\*|__|`|!?\[([^\]]*)\]\([^)]*\)")


def _markdown(data: bytes) -> tuple[str | None, list[str], str | None]:
    lines = decode(data).splitlines()
    title = next((ln.lstrip("# ").strip() for ln in lines if re.match(r"^\s{0,3}#\s", ln)), None)
    out = []
    for ln in lines:
        if re.match(r"^\s*(?:[-*_]\s*){3,}$|^\s*```", ln):
            continue
        out.append(_MD_MARKUP.sub(lambda m: m.group(1) or "", ln))
    return title, out, None


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "br", "section", "article")


def _html(data: bytes) -> tuple[str | None, list[str], str | None]:
    from bs4 import BeautifulSoup

    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("不是 HTML 文件（含二进制内容）")
    soup = BeautifulSoup(data, "html.parser")  # finds the charset the page declares
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "template", "iframe"]):
        tag.decompose()
    title = None
    h1 = soup.find("h1")
    if h1 and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
    elif soup.title and soup.title.get_text(strip=True):
        title = soup.title.get_text(" ", strip=True)
    meta = soup.find("meta", attrs={"name": re.compile("^(date|pubdate|publishdate)$", re.I)})
    date = find_date(str(meta.get("content", ""))) if meta else None
    body = soup.body or soup
    for tag in body.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return title, body.get_text().splitlines(), date


def _docx(data: bytes) -> tuple[str | None, list[str], str | None]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise Unreadable("这是加密的或旧版的 Word 文件，请解除密码并另存为 .docx") from None
        raise Unreadable("不是有效的 .docx 文件（可能已损坏，或是改了扩展名的其他文件）") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return document.core_properties.title or None, lines, None


def _pdf(data: bytes) -> tuple[str | None, list[str], str | None]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF 有密码保护，请先解除密码再导入")
        # some writers' ToUnicode maps leave a NUL before each character: never text
        pages = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except FileNotDecryptedError:
        raise Unreadable("PDF 有密码保护，请先解除密码再导入") from None
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise Unreadable(f"不是有效的 PDF 文件（{type(e).__name__}），可能已损坏") from None
    lines: list[str] = []
    for page in pages:
        lines.extend(pdf_paragraphs(page.splitlines()))
    return title, lines, None


_ENDS = tuple("。！？!?：:；;”’」』）)")


def pdf_paragraphs(lines: list[str]) -> list[str]:
    """A PDF page's lines as paragraphs: a line as long as the page's full lines continues in
    the next, unless it ends a sentence; a shorter line ends its paragraph."""
    stripped = [ln.strip() for ln in lines]
    full = max((_width(ln) for ln in stripped), default=0)
    out: list[str] = []
    current = ""
    for ln in stripped:
        if not ln:
            if current:
                out.append(current)
            current = ""
            continue
        current += ln
        if _width(ln) < 0.85 * full or ln.endswith(_ENDS):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _width(line: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in line)


_READERS = {"txt": _text, "md": _markdown, "html": _html, "docx": _docx, "pdf": _pdf}

# ------------------------------------------------------------------ title, date

_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def _clean(line: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


#: A first line longer than this is the text, not a title: the title is its first words.
TITLE_MAX = 60


def _title(passages: tuple[str, ...]) -> str:
    """The first line; a short lead-in ending in a colon (华坪县：) joins the line after it;
    a first line too long for a title gives its first clause, cut at 30 characters."""
    first = passages[0]
    if len(passages) > 1 and len(first) <= 12 and first.endswith(("：", ":")):
        first = first + passages[1]
    if len(first) > TITLE_MAX:
        clause = re.split(r"[。！？；,，、!?;]", first, maxsplit=1)[0]
        first = clause[:30] + "…"
    return first


_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")


def find_date(text: str) -> str | None:
    """The first date written in a text (2020-01-02, 2020年1月2日), as ISO; None if none."""
    import datetime as dt

    for m in _DATE.finditer(text):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None
