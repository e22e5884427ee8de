"""One unit's check result as a printable, self-contained HTML page (inline CSS, no script, no link).

It reads like the scoring table the council knows, with the suggested score and status beside the
unit's own, the findings under each criterion, the "what to fix" list first, and print CSS that
keeps table headers on every page and rows whole. Every value is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from verifier.report.fix_list import fix_list
from verifier.report.messages import (
    format_score,
    kind_help,
    kind_label,
    lang_of,
    severity_label,
    status_label,
    t,
)
from verifier.results import CriterionResult, FileStatus, Finding, Report

CSS = """
:root { --pass:#1e7b34; --partial:#8a6d00; --fail:#b3261e; --manual:#a15c00; --na:#5f6368; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Serif", "Times New Roman", serif; font-size: 11pt; color: #111; margin: 1.5rem; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 .3rem; }
h2 { font-size: 12.5pt; margin: 1.2rem 0 .4rem; border-bottom: 1px solid #999; }
.meta { text-align: center; margin: 0 0 .8rem; }
.totals { display: flex; gap: 1.5rem; justify-content: center; margin: .6rem 0; }
.totals div { border: 1px solid #999; padding: .3rem .8rem; text-align: center; }
.totals strong { display: block; font-size: 14pt; }
.note { font-style: italic; color: #444; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .2rem .35rem; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
tr.depth-0 td { font-weight: bold; background: #f4f4f4; }
.status { font-weight: bold; white-space: nowrap; }
.st-pass { color: var(--pass); } .st-partial { color: var(--partial); } .st-fail { color: var(--fail); }
.st-manual_review { color: var(--manual); } .st-not_applicable { color: var(--na); }
ul.findings { margin: .2rem 0 0 1rem; padding: 0; font-size: 9.5pt; }
.sev-error { color: var(--fail); } .sev-warning { color: var(--manual); } .sev-info { color: var(--na); }
.where { color: #444; }
ol.fixes li { margin-bottom: .3rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2 { page-break-after: avoid; break-after: avoid; }
}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _where(f: Finding, lang: str) -> str:
    pages = (t("pages_n", lang, first=f.pages[0], last=f.pages[1]) if f.pages and f.pages[1] != f.pages[0]
             else t("page_n", lang, n=f.page) if f.page else "")
    parts = [f.file or "", pages, f.document or "",
             f.date.strftime("%d/%m/%Y") if f.date else ""]
    text = ", ".join(p for p in parts if p)
    return f' <span class="where">({_e(text)})</span>' if text else ""


def _finding_items(findings: tuple[Finding, ...], lang: str) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        label = f"{severity_label(f.severity, lang)} · {kind_label(f.kind, lang)}"
        items.append(f'<li><span class="sev-{_e(f.severity.value)}" title="{_e(kind_help(f.kind, lang))}">'
                     f"{_e(label)}</span>: {_e(f.message)}{_where(f, lang)}</li>")
    return '<ul class="findings">' + "".join(items) + "</ul>"


def _criterion_row(c: CriterionResult, lang: str) -> str:
    depth = c.code.count(".")
    pad = f"padding-left:{0.35 + depth * 1.2:.2f}rem"
    return (f'<tr class="depth-{min(depth, 3)}" id="c-{_e(c.code)}">'
            f'<td style="{pad}">{_e(c.code)}. {_e(c.title)}{_finding_items(c.findings, lang)}</td>'
            f'<td class="num">{_e(format_score(c.max_score, lang))}</td>'
            f'<td class="num">{_e(format_score(c.self_score, lang))}</td>'
            f'<td class="num">{_e(format_score(c.suggested_score, lang))}</td>'
            f'<td class="status st-{_e(c.status.value)}">{_e(status_label(c.status, lang))}</td>'
            f"<td>{_e(c.opinion)}</td></tr>")


def _fix_section(report: Report, lang: str) -> str:
    items = fix_list(report)
    if not items:
        return f"<p>{_e(t('fix_list_empty', lang))}</p>"
    lis = []
    for it in items:
        points = f" — {t('col_points', lang)}: {format_score(it.points, lang)}" if it.points else ""
        lis.append(f'<li><a href="#c-{_e(it.code)}">{_e(it.code)}</a> {_e(it.title)} '
                   f'<span class="status st-{_e(it.status.value)}">[{_e(status_label(it.status, lang))}]</span>'
                   f"{_e(points)}{_finding_items(it.findings, lang)}</li>")
    return '<ol class="fixes">' + "".join(lis) + "</ol>"


def _signatures(s: FileStatus, lang: str) -> str:
    """Who signed the file and when, and what the certificate check said (never guessed)."""
    lines = []
    for g in s.signatures:
        when = g.signed_at.strftime("%d/%m/%Y %H:%M %z") if g.signed_at else "?"
        check = {None: "signature_unchecked", True: "signature_valid", False: "signature_invalid"}[g.valid]
        lines.append(f"{t('signed_by', lang, who=g.signer or g.organization or '?', when=when)} ({t(check, lang)})")
    return "".join(f'<br><span class="where">{_e(x)}</span>' for x in lines)


def _files_section(report: Report, lang: str) -> str:
    if not report.files:
        return ""
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in
                   ("col_file", "col_status", "col_ocr", "col_page", "col_number", "col_date"))
    rows = []
    for s in report.files:
        state = t("ok", lang) if s.ok else f"{t('col_error', lang)}: {s.error or s.error_code or ''}"
        number, date = _e(s.number or ""), _e(s.date.strftime("%d/%m/%Y") if s.date else "")
        if len(s.documents) > 1:   # a bundle: each document with its pages
            number = "<br>".join(f"{_e(d.number or '?')} ({_e(t('pages_n', lang, first=d.pages[0], last=d.pages[1]))})"
                                 for d in s.documents)
            date = "<br>".join(_e(d.date.strftime("%d/%m/%Y") if d.date else "?") for d in s.documents)
        rows.append(f"<tr><td>{_e(s.file)}{_signatures(s, lang)}</td><td>{_e(state)}</td>"
                    f"<td>{_e(t('yes' if s.ocr else 'no', lang))}</td>"
                    f'<td class="num">{s.pages}</td><td>{number}</td><td>{date}</td></tr>')
    return (f"<h2>{_e(t('files', lang))}</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def report_html(report: Report, lang: str = "vi") -> str:
    """A whole HTML document for one unit's result; ``lang`` 'vi' (default) or 'en'."""
    lang = lang_of(lang)
    tt = report.totals
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in
                   ("col_criterion", "col_max", "col_self", "col_suggested", "col_status", "col_opinion"))
    rows = "".join(_criterion_row(c, lang) for c in report.criteria)
    present = {c.code for c in report.criteria}
    extra = [d for d in report.deductions if d.code not in present]
    deductions = "".join(f"<li>{_e(d.code)}: {_e(format_score(d.points, lang))} — {_e('; '.join(d.reasons))}</li>"
                         for d in extra)
    general = _finding_items(report.findings, lang) or f"<p>{_e(t('no_findings', lang))}</p>"
    versions = ", ".join(f"{k} {v}" for k, v in sorted(report.versions.items()))
    year = f"{t('year', lang)} {report.year}" if report.year else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(t('report_title', lang))} — {_e(report.unit)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{_e(t('report_title', lang))}</h1>
<p class="meta">{_e(t('unit', lang))}: <strong>{_e(report.unit)}</strong> · {_e(year)} ·
{_e(t('framework', lang))}: {_e(report.framework)}</p>
<div class="totals">
<div>{_e(t('total_max', lang))}<strong>{_e(format_score(tt.max, lang))}</strong></div>
<div>{_e(t('total_self', lang))}<strong>{_e(format_score(tt.self, lang))}</strong></div>
<div>{_e(t('total_suggested', lang))}<strong>{_e(format_score(tt.suggested, lang))}</strong></div>
</div>
<p class="note">{_e(t('draft_note', lang))}</p>
<h2>{_e(t('fix_list', lang))}</h2>
{_fix_section(report, lang)}
<h2>{_e(t('sheet_result', lang))}</h2>
<table>
<thead><tr>{head}</tr></thead>
<tbody>{rows}</tbody>
</table>
{f"<h2>{_e(t('deductions', lang))}</h2><ul>{deductions}</ul>" if deductions else ""}
<h2>{_e(t('submission_findings', lang))}</h2>
{general}
{_files_section(report, lang)}
<p class="note">{_e(t('versions', lang))}: {_e(versions or '-')}</p>
</body>
</html>
"""
