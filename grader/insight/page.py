"""The instructor's HTML pages (class report, similarity, regrade diff): one self-contained
file each (styles inline, pictures as data URLs; nothing fetched), with a table of
contents. Every value is HTML-escaped here: text from learner code (feedback, names,
source) is data, and a long unbroken string wraps inside its cell."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.core.untrusted import clean

PAGE_CHARS = 20_000  # one cell or paragraph of learner-written text

CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:#1d2329;background:#f4f5f7;margin:0}
main{max-width:1180px;margin:0 auto;padding:1.5em 2em 4em;background:#fff;min-height:100vh}
h1{font-size:1.7em;margin:.2em 0 .3em}
h2{font-size:1.3em;margin:2em 0 .5em;padding-top:.6em;border-top:2px solid #e3e6ea}
h3{font-size:1.05em;margin:1.4em 0 .4em}
p,li{max-width:80ch}
.summary{font-size:1.05em;color:#33404d}
nav.toc{background:#f0f3f7;border:1px solid #dde3ea;border-radius:6px;padding:.6em 1.2em;
margin:1em 0 1.5em}
nav.toc ol{margin:.3em 0;padding-left:1.4em;columns:2}
nav.toc a{text-decoration:none}
figure{margin:1em 0 1.5em}
figure img{max-width:100%;height:auto;border:1px solid #e3e6ea;border-radius:4px}
figcaption{color:#4a5662;font-size:.93em;max-width:80ch;margin-top:.3em}
.table-wrap{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #dde3ea;padding:4px 8px;text-align:left;vertical-align:top;
overflow-wrap:anywhere;word-break:break-word}
th{background:#f0f3f7;font-weight:600}
tr:nth-child(even) td{background:#fafbfc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#4a5662;font-style:italic}
.more{color:#4a5662;font-size:.9em}
.bar{display:inline-block;height:.8em;background:#3b6ea5;border-radius:2px;
vertical-align:middle;margin-right:.4em}
.warn{background:#fff6e0;border-left:4px solid #e0a400;padding:.5em 1em;margin:.8em 0}
pre,code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.side{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.8em}
.side pre{background:#fafbfc;border:1px solid #dde3ea;padding:.5em;max-height:40em;
overflow-y:auto}
mark{background:#ffe08a}
.up{color:#1d7a33}.down{color:#b3261e}
"""


@dataclass(frozen=True)
class Section:
    anchor: str  # the id the table of contents links to
    title: str
    body: str  # HTML, already escaped


def esc(value: Any) -> str:
    """Text for the page: cleaned of control characters and escape sequences (learner code
    may have written it), then HTML-escaped."""
    return html.escape(clean(value, PAGE_CHARS), quote=True)


def table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    empty: str,
    *,
    limit: int = 40,
    headers: dict[str, str] | None = None,
    numeric: Sequence[str] = (),
    widths: dict[str, str] | None = None,
    cell: Callable[[str, Any], str] | None = None,
    more: str = "the CSV",
) -> str:
    """An HTML table of `rows` (first `limit`); `empty` says what no row means. `cell`
    may render a column's value itself (it must escape what it shows)."""
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    headers, widths = headers or {}, widths or {}

    def td(column: str, value: Any) -> str:
        kind = ' class="num"' if column in numeric else ""
        inner = cell(column, value) if cell else None
        return f"<td{kind}>{esc(value) if inner is None else inner}</td>"

    cols = "".join(
        f'<col style="width:{widths[c]}">' if c in widths else "<col>" for c in columns
    )
    head = "".join(
        f'<th{" class=num" if c in numeric else ""}>{esc(headers.get(c, c))}</th>'
        for c in columns
    )
    body = "".join(
        "<tr>" + "".join(td(c, r.get(c, "")) for c in columns) + "</tr>" for r in rows[:limit]
    )
    tail = (
        f'<p class="more">... and {len(rows) - limit} more rows in {esc(more)}.</p>'
        if len(rows) > limit
        else ""
    )
    return (
        f'<div class="table-wrap"><table><colgroup>{cols}</colgroup><thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody></table></div>{tail}"
    )


def figure(path: Path, alt: str, caption: str) -> str:
    """The PNG at `path` inlined (the page stays one file), with what to look for."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def paragraph(text: str, kind: str = "") -> str:
    return f'<p class="{kind}">{esc(text)}</p>' if kind else f"<p>{esc(text)}</p>"


def page(title: str, summary: str, sections: Sequence[Section], intro: str = "") -> str:
    """The whole document: title, summary line, table of contents, sections."""
    toc = "".join(f'<li><a href="#{esc(s.anchor)}">{esc(s.title)}</a></li>' for s in sections)
    body = "".join(
        f'<section id="{esc(s.anchor)}"><h2>{esc(s.title)}</h2>{s.body}</section>'
        for s in sections
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # nothing is fetched and no script runs, whatever a learner's text holds
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
        f'<h1>{esc(title)}</h1><p class="summary">{esc(summary)}</p>{intro}'
        f'<nav class="toc"><strong>Contents</strong><ol>{toc}</ol></nav>{body}'
        "</main></body></html>\n"
    )
