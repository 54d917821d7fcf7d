"""The DfE's statistical neighbour models: each local authority's 10 most similar authorities.

Two published layouts are read (both by the old 3-digit LA code):

* 2025 (``sn_model_2025_wide.csv``): ``old_la_code, la_name, region_ind, region_name, SN_1,
  SN_1P, ..., SN_10, SN_10P`` (``SN_nP`` says how close: "Very close", "Close", ...);
* 2021 ("New Statistical Neighbour Groupings April 2021"): ``LA num, LA Name, LA number, GOInd,
  GOReg, SN1, SNP, SN2, SNP, ...``.

Source: Department for Education, children's services statistical neighbour benchmarking tool
(2021) and the 2025 statistical neighbour model used by the "CSC outcomes and enablers" dashboard.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from audit_tool.published.tidy import PublishedDataError, decode_text

NEIGHBOURS_PER_LA = 10


@dataclass(frozen=True, slots=True)
class NeighbourModel:
    """A neighbour model: its name (e.g. "DfE 2025") and each LA's neighbours, closest first."""

    name: str
    names: dict[str, str]  # old LA code -> LA name
    neighbours: dict[str, list[str]]  # old LA code -> 10 old LA codes

    def of(self, old_la_code: str) -> list[str]:
        """The LA's neighbours (old codes); raises PublishedDataError for an LA not in it."""
        try:
            return self.neighbours[old_la_code]
        except KeyError:
            raise PublishedDataError(
                f"The {self.name} neighbour model has no local authority {old_la_code}; check the "
                "LA code, or choose the neighbour model of the year the council existed."
            ) from None


def read_neighbour_model(path: Path) -> NeighbourModel:
    """Read a DfE neighbour model CSV (2021 or 2025 layout); PublishedDataError if it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PublishedDataError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    return parse_neighbour_model(path.name, decode_text(path.name, raw))


def parse_neighbour_model(name: str, text: str) -> NeighbourModel:
    """Parse neighbour model text; ``name`` is the file name used in messages and the model's
    name ("DfE 2025" when the name holds a year)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise PublishedDataError(f"{name} is empty; download the neighbour model again.")
    header = [cell.strip().lstrip("\ufeff") for cell in rows[0]]
    folded = [re.sub(r"[\s_]+", "", cell.casefold()) for cell in header]
    neighbour_columns = [
        index for index, cell in enumerate(folded) if re.fullmatch(r"sn\d{1,2}", cell)
    ]
    code_column = next(
        (i for i, cell in enumerate(folded) if cell in {"oldlacode", "lanum", "lanumber"}), None
    )
    name_column = next((i for i, cell in enumerate(folded) if cell == "laname"), None)
    if code_column is None or len(neighbour_columns) < NEIGHBOURS_PER_LA:
        raise PublishedDataError(
            f"{name} is not a DfE statistical neighbour model (it needs an LA code column and "
            "SN1 to SN10 columns); choose the model file published by the DfE."
        )
    neighbour_columns.sort(key=lambda index: int(re.sub(r"\D", "", folded[index])))
    year = re.search(r"(20\d\d)", name)
    model = NeighbourModel(f"DfE {year.group(1)}" if year else name, {}, {})
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        code = cells[code_column].strip() if code_column < len(cells) else ""
        if not code:
            continue  # a note row (the 2021 file lists "Old SNs:" of former councils below)
        if not code.isdigit():
            raise PublishedDataError(
                f"{name}, row {number}: '{code}' is not a 3-digit LA code; download the "
                "neighbour model again."
            )
        found = [cells[i].strip() for i in neighbour_columns if i < len(cells) and cells[i].strip()]
        if len(found) != NEIGHBOURS_PER_LA or not all(item.isdigit() for item in found):
            raise PublishedDataError(
                f"{name}, row {number}: LA {code} does not have 10 neighbour codes; download "
                "the neighbour model again."
            )
        if code in model.neighbours:
            continue  # a former council listed again under "Old SNs": the first entry stands
        model.neighbours[code] = found
        if name_column is not None and name_column < len(cells):
            model.names[code] = cells[name_column].strip()
    if not model.neighbours:
        raise PublishedDataError(f"{name} lists no local authorities.")
    return model
