"""The office's own letter template rendered by docxtpl, the peer of the docx plugin's
`template=` option (issue 17).

The plugin's sample template (plugins/report-docx/templates/feedback-letter.docx) uses
mustache-style sections (`{{#items}}` … `{{/items}}` on a table row or a paragraph,
`{{^items}}` … for the empty case). jinja_template() turns that very document into
docxtpl's Jinja dialect, leaving everything else as it is: a table row that repeats
gets a `{%tr for … %}` row before it and `{%tr endfor %}` after it, a repeating
paragraph `{%p for … %}` / `{%p endfor %}` paragraphs, an empty-case paragraph
`{%p if not … %}` / `{%p endif %}`, and the names inside a section are prefixed with the
loop variable. Both then fill the same values: Documents::letter_data of each
department (bench_driver `letters`), one file per department.
"""

from __future__ import annotations

import copy
import os
import re

SECTION = re.compile(r"\{\{([#^])(\w+)\}\}(.*?)\{\{/\2\}\}", re.S)
NAME = re.compile(r"\{\{(\w+)\}\}")


def _set_text(paragraph, text: str) -> None:
    """Puts `text` in the paragraph's first run (keeping its formatting) and empties the others."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def _marker_paragraph(paragraph, text: str, before: bool):
    new = copy.deepcopy(paragraph._p)
    if before:
        paragraph._p.addprevious(new)
    else:
        paragraph._p.addnext(new)
    from docx.text.paragraph import Paragraph
    p = Paragraph(new, paragraph._parent)
    _set_text(p, text)
    return p


def _scoped(text: str, var: str) -> str:
    return NAME.sub(lambda m: "{{%s.%s}}" % (var, m.group(1)), text)


def jinja_template(src: str, dst: str) -> None:
    from docx import Document
    doc = Document(src)
    # Repeating table rows.
    for table in doc.tables:
        for row in list(table.rows):
            texts = [c.text for c in row.cells]
            joined = "".join(texts)
            m = re.search(r"\{\{#(\w+)\}\}", joined)
            if not m:
                continue
            name, var = m.group(1), "it"
            for cell in row.cells:
                for p in cell.paragraphs:
                    t = p.text.replace("{{#%s}}" % name, "").replace("{{/%s}}" % name, "")
                    _set_text(p, _scoped(t, var))
            opener, closer = copy.deepcopy(row._tr), copy.deepcopy(row._tr)
            row._tr.addprevious(opener)
            row._tr.addnext(closer)
            from docx.table import _Row
            for tr, tag in ((opener, "{%%tr for %s in %s %%}" % (var, name)), (closer, "{%tr endfor %}")):
                r = _Row(tr, table)
                for i, cell in enumerate(r.cells):
                    for p in cell.paragraphs:
                        _set_text(p, tag if i == 0 else "")
    # Repeating and empty-case paragraphs.
    for p in list(doc.paragraphs):
        m = SECTION.fullmatch(p.text.strip())
        if not m:
            continue
        kind, name, inner = m.groups()
        if kind == "#":
            _set_text(p, _scoped(inner, "it") if NAME.search(inner) and name not in inner else inner)
            _marker_paragraph(p, "{%%p for it in %s %%}" % name if name not in inner
                              else "{%%p if %s %%}" % name, before=True)
            _marker_paragraph(p, "{%p endfor %}" if name not in inner else "{%p endif %}", before=False)
        else:
            _set_text(p, inner)
            _marker_paragraph(p, "{%%p if not %s %%}" % name, before=True)
            _marker_paragraph(p, "{%p endif %}", before=False)
    doc.save(dst)


def jinja_context(data: dict) -> dict:
    """A letter's values as Jinja reads them: `department.name` becomes {"department": {"name": …}}."""
    out: dict = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = [jinja_context(v) for v in value]
        *parents, last = key.split(".")
        node = out
        for k in parents:
            node = node.setdefault(k, {})
        node[last] = value
    return out


def render_letters(template: str, letters: list[dict], out_dir: str) -> int:
    """One .docx per department, docxtpl's way: load the template, render, save."""
    from docxtpl import DocxTemplate
    os.makedirs(out_dir, exist_ok=True)
    for i, data in enumerate(letters):
        tpl = DocxTemplate(template)
        tpl.render(data)
        tpl.save(os.path.join(out_dir, "%02d.docx" % i))
    return len(letters)
