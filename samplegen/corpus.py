"""Write a whole corpus (documents, workbooks, truth.json) under one submission folder."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from samplegen import spec as S
from samplegen.render import write_spec, write_workbook_spec
from samplegen.truth import write_truth

# The real Kon Rẫy 2023 scoring table (the project's seed, see docs/frameworks.md), committed as the
# sample's own table: the generator never rewrites it.
SEED_TABLE = Path(__file__).resolve().parents[1] / "sample_evidence" / "konray-2023" / "assessment.tsv"


def write_corpus(items: Sequence[S.DocSpec | S.WorkbookSpec], root: Path) -> list[Path]:
    """Replace ``root/evidence`` with the rendered items and write ``root/truth.json``."""
    S.check_unique(items)
    shutil.rmtree(root / "evidence", ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    paths = [write_workbook_spec(i, root) if isinstance(i, S.WorkbookSpec) else write_spec(i, root)
             for i in items]
    paths.append(write_truth(items, root))
    return paths


def build_konray(root: Path, *, seed_table: Path | None = None) -> list[Path]:
    """The Kon Rẫy 2023 sample. assessment.tsv is the seed table, copied byte for byte."""
    from samplegen.konray2023 import CORPUS

    table = root / "assessment.tsv"
    source = seed_table or (SEED_TABLE if not table.exists() else None)
    root.mkdir(parents=True, exist_ok=True)
    if source is not None and source.resolve() != table.resolve():
        shutil.copyfile(source, table)
    return [table, *write_corpus(CORPUS, root)]
