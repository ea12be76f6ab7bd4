"""The units expected to report, and how the names documents use are matched to them.

A roster is written by the office that chases the reports, as offices keep
such lists: YAML, a CSV or an Excel sheet (see samples/README.md). A sheet
may be headed `name`, `unit`, `đơn vị`, `tên đơn vị` (or `tên cơ quan`)
with optional `aliases` and `groups` columns, or have no header at all (the
first column is the name; a leading STT column of numbers is skipped). Documents name the same unit in many forms — "Phòng
TC-PC", "Phòng Tổ chức - Pháp chế", "PHÒNG TỔ CHỨC – PHÁP CHẾ", "P. TCPC",
an OCR'd "Phòng Tổ chúc - Pháp chế" — so every name is reduced to a key
(marks folded, dashes and punctuation dropped, common abbreviations spelt
out) and compared by key, by word prefix, by initials when the name as
written is abbreviated, and finally by a small edit distance for OCR slips.
Plan groups ("các phòng, đơn vị sự nghiệp trực thuộc Sở") expand to the
roster units tagged with a group word the phrase contains.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.errors import BadInputError
from pipeline.text.normalize import fold, strip_marks
from pipeline.text.textcheck import is_acronym
from schemas.reconciliation import Office

# Abbreviations of head words that Vietnamese offices write either way.
_ABBREVIATIONS = {
    "p": "phong",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ttr": "thanh tra",
    "tt": "trung tam",
    "bql": "ban quan ly",
    "vp": "van phong",
    "qlnn": "quan ly nha nuoc",
}
# Head words kept whole when a name is reduced to initials ("Phòng QLDL").
_HEADS = ("uy ban nhan dan", "ban quan ly", "trung tam", "van phong", "thanh tra", "phong", "so", "chi cuc", "ban")
_LINKS = frozenset({"va", "and"})
_GROUP_MARK = re.compile(r"\b(cac|nhung|toan the|moi)\b")
_MAX_OCR_SLIPS = 0.12


def unit_key(name: str) -> str:
    """The comparable form of a unit name: folded, no punctuation, abbreviations spelt out."""
    words = re.sub(r"[^0-9a-z]+", " ", strip_marks(fold(name))).split()
    if words:  # only a head word is abbreviated this way: 'TT' inside 'Trung tâm TT&XTDL' is an acronym piece
        words[0] = _ABBREVIATIONS.get(words[0], words[0])
    return " ".join(words)


def _split_head(key: str) -> tuple[str, list[str]] | None:
    for head in _HEADS:
        if key.startswith(head + " "):
            return head, key[len(head) + 1 :].split()
    return None


def initials_key(key: str) -> str | None:
    """'phong to chuc phap che' -> 'phong tcpc': how offices abbreviate a unit after its head word."""
    split = _split_head(key)
    if split is None:
        return None
    head, rest = split
    rest = [word for word in rest if word not in _LINKS]
    return f"{head} {''.join(word[0] for word in rest)}" if len(rest) >= 2 else None


def _compact_key(key: str) -> str:
    """An abbreviated name's key with its acronym pieces joined: 'trung tam tt xtdl' -> 'trung tam ttxtdl'."""
    split = _split_head(key)
    return f"{split[0]} {''.join(split[1])}" if split else key.replace(" ", "")


def _is_abbreviated(name: str) -> bool:
    """Holds an acronym ('Phòng TC-PC', 'TT TTXTDL') beyond the head-word abbreviations spelt out above."""
    return any(is_acronym(t) and t.lower() not in _ABBREVIATIONS for t in re.findall(r"[^\W\d_]+", name))


@dataclass(frozen=True)
class RosterUnit:
    name: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), compare=False)
    group_keys: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def build(cls, name: str, aliases: tuple[str, ...] = (), groups: tuple[str, ...] = ()) -> RosterUnit:
        keys = {unit_key(name), *(unit_key(alias) for alias in aliases)}
        group_keys = tuple(k for k in map(unit_key, groups) if k)
        return cls(name, aliases, groups, frozenset(k for k in keys if k), group_keys)


@dataclass
class Roster:
    """The units expected to report, in the order the roster lists them."""

    units: list[RosterUnit]
    source: str = ""
    office: Office | None = None  # the compiling body, when the roster names it (YAML `office:`)
    _matched: dict[str, RosterUnit | None] = field(default_factory=dict, repr=False)

    def match(self, name: str | None) -> RosterUnit | None:
        """The roster unit a document's name for a unit refers to, or None (remembered per name:
        a batch asks about the same few names hundreds of times)."""
        if not name or not name.strip():
            return None
        if name not in self._matched:
            self._matched[name] = self._match(name)
        return self._matched[name]

    def _match(self, name: str) -> RosterUnit | None:
        key = unit_key(name)
        if not key:
            return None
        for unit in self.units:
            if key in unit.keys:
                return unit
        longer = [(len(k), u) for u in self.units for k in u.keys if _word_prefix(k, key)]
        if longer:  # 'Bảo tàng tỉnh Cao Bằng' for roster 'Bảo tàng tỉnh': the longest roster name wins
            return max(longer, key=lambda pair: pair[0])[1]
        shorter = {u.name: u for u in self.units for k in u.keys if _word_prefix(key, k)}
        if len(shorter) == 1:  # a truncated name, only when it can mean one unit
            return next(iter(shorter.values()))
        if _is_abbreviated(name):
            wanted = _compact_key(key)
            found = {u.name: u for u in self.units for k in u.keys if initials_key(k) == wanted}
            if len(found) == 1:
                return next(iter(found.values()))
        close = [
            (Levenshtein.distance(key, k) / max(len(k), 1), u) for u in self.units for k in u.keys if abs(len(k) - len(key)) <= 4
        ]
        close = [(ratio, u) for ratio, u in close if ratio <= _MAX_OCR_SLIPS]
        if close:
            return min(close, key=lambda pair: pair[0])[1]
        return None

    def expand(self, name: str) -> list[RosterUnit]:
        """Roster units a plan's unit or group phrase stands for: one unit, a group's members, or none."""
        unit = self.match(name)
        if unit is not None:
            return [unit]
        key = unit_key(name)
        if not _GROUP_MARK.search(key):
            return []
        padded = f" {key} "
        return [u for u in self.units if any(f" {g} " in padded for g in u.group_keys)]


def _word_prefix(short: str, long: str) -> bool:
    return long.startswith(short + " ") and len(short.split()) >= 2


def load_roster(path: str | Path) -> Roster:
    """Read a roster: YAML (`units: [{name, aliases, groups}]`, optional `office:`), CSV or XLSX (a sheet)."""
    path = Path(path)
    suffix = path.suffix.lower()
    office = None
    if suffix == ".xlsx":
        units = _from_rows(path, _xlsx_rows(path), "row", ";")
    else:
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInputError(path, f"cannot read the roster: {exc}") from exc
        if suffix == ".csv":
            rows, delimiter = _csv_rows(raw)
            units = _from_rows(path, rows, "line", "|" if delimiter == ";" else ";")
        elif suffix in {".yaml", ".yml"}:
            units, office = _from_yaml(path, raw)
        else:
            raise BadInputError(path, "a roster must be a .yaml, .yml, .csv or .xlsx file")
    if not units:
        raise BadInputError(path, "the roster lists no units")
    names = [u.name for u in units]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BadInputError(path, f"the roster lists a unit twice: {', '.join(duplicates)}")
    return Roster(units, source=str(path), office=office)


def _from_yaml(path: Path, raw: str) -> tuple[list[RosterUnit], Office | None]:
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise BadInputError(path, f"the roster is not valid YAML: {exc}") from exc
    entries = data.get("units") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise BadInputError(path, "the roster needs a list under 'units:'")
    units = []
    for index, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise BadInputError(path, f"roster entry {index} has no name")
        units.append(RosterUnit.build(
            str(entry["name"]).strip(), _as_list(entry.get("aliases")), _as_list(entry.get("groups"))
        ))
    return units, _office(path, data.get("office") if isinstance(data, dict) else None)


def _office(path: Path, entry: object) -> Office | None:
    """`office: {name, parent, place, code}`: the body whose header the draft synthesis report carries."""
    if entry is None:
        return None
    if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
        raise BadInputError(path, "'office:' needs at least a name (e.g. name: SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH)")
    fields = {key: " ".join(str(entry[key]).split()) for key in ("name", "parent", "place", "code") if entry.get(key)}
    return Office(**fields)


# Header words offices use, compared without marks, case or punctuation.
_NAME_HEADERS = frozenset({
    "name", "unit", "units", "unit name", "ten", "don vi", "ten don vi", "co quan", "ten co quan", "co quan don vi",
    "ten co quan don vi", "don vi bao cao", "ten don vi bao cao",
})
_ALIAS_HEADERS = frozenset({"aliases", "alias", "ten khac", "ten goi khac", "viet tat", "ten viet tat", "bi danh"})
_GROUP_HEADERS = frozenset({"groups", "group", "nhom", "khoi", "nhom don vi", "khoi don vi"})
_HEADER_SEARCH_ROWS = 10  # a sheet may open with a title row or two above its header


def _header_key(cell: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", strip_marks(fold(cell))).split())


def _csv_rows(raw: str) -> tuple[list[tuple[int, list[str]]], str]:
    """The rows of a CSV with their line numbers, and its delimiter: ',' or, as Excel writes CSV where ','
    is the decimal mark (Vietnamese settings), ';' (or a tab), whichever splits the lines alike. In a ';'
    file the aliases and groups inside a cell are separated by '|'."""
    lines = raw.splitlines()
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t").delimiter
    except csv.Error:  # one column, or too little to tell
        delimiter = ","
    return list(enumerate(csv.reader(lines, delimiter=delimiter), start=1)), delimiter


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The first sheet's rows as text (numbers as written: an STT of 1 is '1')."""
    from openpyxl import load_workbook  # openpyxl only when a sheet is given

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise BadInputError(path, f"cannot read the roster workbook ({type(exc).__name__}: {exc})") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(v) for v in values]))
        return rows
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_rows(path: Path, rows: list[tuple[int, list[str]]], what: str, separator: str) -> list[RosterUnit]:
    """Units from a table's rows: by its header's columns, or (no header) the first column of names."""
    rows = [(n, [c.strip() for c in cells]) for n, cells in rows if any(c.strip() for c in cells)]
    header_at, columns = _find_header(rows)
    if header_at is None:
        body = rows
        name_col = _first_name_column(body)
        alias_col = group_col = None
    else:
        body = rows[header_at + 1:]
        name_col, alias_col, group_col = columns
    units = []
    for number, cells in body:
        name = cells[name_col] if name_col < len(cells) else ""
        if not name:
            raise BadInputError(path, f"{what} {number} has no unit name")
        units.append(RosterUnit.build(
            " ".join(name.split()),
            _as_list(cells[alias_col] if alias_col is not None and alias_col < len(cells) else None, separator),
            _as_list(cells[group_col] if group_col is not None and group_col < len(cells) else None, separator),
        ))
    return units


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int | None, tuple[int, int | None, int | None]]:
    """The index of the header row among the first rows and its name, aliases and groups columns."""
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = [_header_key(c) for c in cells]
        if not any(k in _NAME_HEADERS for k in keys):
            continue
        name = next(i for i, k in enumerate(keys) if k in _NAME_HEADERS)
        alias = next((i for i, k in enumerate(keys) if k in _ALIAS_HEADERS), None)
        group = next((i for i, k in enumerate(keys) if k in _GROUP_HEADERS), None)
        return index, (name, alias, group)
    return None, (0, None, None)


def _first_name_column(rows: list[tuple[int, list[str]]]) -> int:
    """0, or 1 when the first column only numbers the rows (an STT column)."""
    firsts = [cells[0] for _, cells in rows if cells]
    numbered = firsts and all(re.fullmatch(r"\d+\.?", c) for c in firsts)
    return 1 if numbered else 0


def _as_list(value: object, separator: str = ";") -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(separator)
    return tuple(s for s in (str(item).strip() for item in items) if s)
