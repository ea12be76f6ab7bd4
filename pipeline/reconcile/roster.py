"""The units expected to report, and how the names documents use are matched to them.

A roster is written by the office that chases the reports (YAML or CSV, see
samples/README.md). Documents name the same unit in many forms — "Phòng
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
    """Read a roster from YAML (`units: [{name, aliases, groups}]`) or CSV (name, aliases, groups; ';' lists)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(path, f"cannot read the roster: {exc}") from exc
    if path.suffix.lower() == ".csv":
        units = _from_csv(path, raw)
    elif path.suffix.lower() in {".yaml", ".yml"}:
        units = _from_yaml(path, raw)
    else:
        raise BadInputError(path, "a roster must be a .yaml, .yml or .csv file")
    if not units:
        raise BadInputError(path, "the roster lists no units")
    names = [u.name for u in units]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BadInputError(path, f"the roster lists a unit twice: {', '.join(duplicates)}")
    return Roster(units, source=str(path))


def _from_yaml(path: Path, raw: str) -> list[RosterUnit]:
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
    return units


def _from_csv(path: Path, raw: str) -> list[RosterUnit]:
    rows = list(csv.DictReader(raw.splitlines()))
    if not rows or "name" not in (rows[0].keys() if rows else ()):
        raise BadInputError(path, "a CSV roster needs a header row with a 'name' column (and optional aliases, groups)")
    units = []
    for line, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise BadInputError(path, f"line {line} has no name")
        units.append(RosterUnit.build(name, _as_list(row.get("aliases"), ";"), _as_list(row.get("groups"), ";")))
    return units


def _as_list(value: object, separator: str = ";") -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(separator)
    return tuple(s for s in (str(item).strip() for item in items) if s)
