"""Repair of tone and vowel marks that OCR dropped or swapped, against a lexicon.

Tesseract's `vie` model reads the letters of a Vietnamese syllable well but
often loses or confuses its marks (`Bằng` -> `Băng`, `CẦU` -> `CÂU`, `THI` ->
`THỊ`). The letters survive, so every syllable has a *skeleton* (its letters
without marks, case-folded) that the error keeps. A run of OCR words whose
skeletons match one known phrase is read as that phrase, but only on strong
evidence, because a wrong "repair" of correct text is worse than none:

- a run that is itself a known phrase, or a word pair seen in running text,
  is kept as written, and no rival run that cuts across it may change its
  words ("sự cố liên quan" does not become "sự có liên quan");
- a run of valid syllables is changed only into a curated administrative
  phrase (a dictionary word alone is too weak: "của Sở" is not "cửa sổ"),
  in one word only (half the words in a heading), and a word pair never
  turns a common syllable into a much rarer one;
- ties between readings are left alone, and so are capitals that mark a
  name where the phrase has none ("phường An" is not "phương án");
- a single word is changed only when it is not a Vietnamese syllable at all
  and one valid syllable is clearly the nearest and most frequent reading.

Every change keeps the OCR text in `original`, says why in `repair` and
lowers the word's confidence, so a reviewer can see and undo it.

All data ships with the code (nothing is downloaded): underthesea's word
list (Viet74K), its address data (district and commune names) and the
word-segmented VLSP 2013 sample bundled with its POS tagger (syllable and
word-pair counts), read in place from the installed package; plus our
curated lists in `pipeline/ocr/data/lexicon_*.txt`. Building it takes half a
second of pure Python, paid by every `vanban text` process; so the built index
is kept in the user's cache folder, keyed by a hash of those files and of
the code that reads them, and loaded in a tenth of the time on the next run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.text.normalize import normalize_text
from schemas.page import Page, SourceKind, Word

MAX_N = 8  # longest run looked up as one phrase (the national motto has 8 syllables)
GENERIC = 1.0  # a dictionary word or a district/commune name
DOMAIN = 10.0  # a curated administrative phrase, unit or province name
DOMINANCE = 3.0  # the chosen reading must weigh (or occur) this many times more than the runner-up
RARER = 10.0  # a word pair may not turn a syllable into one this many times rarer in running text
MIN_COUNT = 3  # a lone word is only repaired into a syllable seen this often in running text
MAX_MARKS = 2  # marks that may differ per syllable (a tone and a vowel modifier)
PHRASE_CONFIDENCE = 0.75
SYLLABLE_CONFIDENCE = 0.6

CURATED_DIR = Path(__file__).resolve().parent / "data"
_TONES = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
_UNKNOWN_TONE = -1  # a mark Vietnamese does not use (ÿ, ï): OCR's rendering of some tone
_COMBINING = re.compile("[\u0300-\u036f]")
_LETTERS = r"[^\W\d_]+"
_PHRASE = re.compile(rf"{_LETTERS}(?: {_LETTERS})*")
_WORD = re.compile(rf"^(\W*)({_LETTERS})(\W*)$")
# What normalize_text's old-style rule matches, in composed text: "oá", "uỷ" closing a syllable.
_OLD_STYLE_NFC = re.compile("(?<![qQ])[oOuU][áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ](?!\\w)")
_PLACE_TYPE = re.compile(r"^(?:thành phố|thị xã|thị trấn|quận|huyện|phường|xã|đặc khu) +", re.I | re.M)


@lru_cache(maxsize=1 << 16)  # the same few thousand syllables come up in every line
def skeleton(syllable: str) -> str:
    """The letters of a syllable without tone or vowel marks, lower case: what OCR keeps."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", syllable.lower())).replace("đ", "d")


@lru_cache(maxsize=1 << 16)
def _marks(syllable: str) -> tuple[int, tuple[str, ...]]:
    """The tone of a syllable and the modifiers (breve, circumflex, horn, stroke) of each letter."""
    tone, modifiers = 0, []
    for ch in syllable.lower():
        marks = unicodedata.normalize("NFD", ch)[1:]
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark not in _MODIFIERS:
                tone = _UNKNOWN_TONE
        modifiers.append("".join(m for m in marks if m in _MODIFIERS) + ("-" if ch == "đ" else ""))
    return tone, tuple(modifiers)


def mark_distance(a: str, b: str) -> int:
    """How many marks differ between two syllables of one skeleton (the tone counts once)."""
    (tone_a, mods_a), (tone_b, mods_b) = _marks(a), _marks(b)
    if _UNKNOWN_TONE in (tone_a, tone_b):  # an unknown mark matches any tone, but not "no tone"
        tone_differs = (tone_b if tone_a == _UNKNOWN_TONE else tone_a) == 0
    else:
        tone_differs = tone_a != tone_b
    return tone_differs + sum(x != y for x, y in zip(mods_a, mods_b, strict=True))


def _near(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return all(mark_distance(x, y) <= MAX_MARKS for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class Change:
    """The reading chosen for a word and the evidence to show a reviewer."""

    syllable: str  # case-folded
    evidence: str
    confidence: float


class Lexicon:
    """Known phrases indexed by skeleton, valid syllables, and counts from running text.

    Phrases are keyed by their lower-case text ("cao bằng"), skeletons by theirs ("cao bang").
    """

    def __init__(self) -> None:
        self.weights: dict[str, float] = {}
        self.display: dict[str, str] = {}  # a phrase's spelling where it is not its key ("Cao Bằng")
        # skeleton -> its phrases joined by "\n": strings, not lists, so a cached lexicon loads as two
        # splits and a zip in C instead of 75k appends (0.06 s of its load, "Cost, fifth look")
        self.by_skeleton: dict[str, str] = {}
        self.counts: Counter[str] = Counter()  # syllable frequency in running text
        self.pairs: set[str] = set()  # syllable pairs seen in running text
        self._syllables: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.weights)

    def snapshot(self) -> dict[str, Any]:
        """Everything repair asks the lexicon, as a few long strings: JSON that loads in milliseconds.

        Joined strings rather than 75k small JSON values, because decoding one
        long string and splitting it is C work, while building each value is not.
        """
        by_weight: dict[float, list[str]] = {}
        for key, weight in self.weights.items():
            by_weight.setdefault(weight, []).append(key)
        return {
            # the phrases of each weight (there are two: DOMAIN and GENERIC), not a number per phrase
            "weights": {str(weight): "\n".join(keys) for weight, keys in by_weight.items()},
            "skeletons": "\n".join(self.by_skeleton),
            "groups": "\t".join(self.by_skeleton.values()),  # a phrase is letters and spaces: no tab
            "display": self.display,
            "counts": dict(self.counts),
            "pairs": "\n".join(sorted(self.pairs)),
            "syllables": self.syllables,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Lexicon:
        """The lexicon a `snapshot()` describes; ValueError if it does not describe one."""
        bones, groups = _lines(data["skeletons"]), data["groups"].split("\t") if data["groups"] else []
        if len(bones) != len(groups) or not isinstance(data["display"], dict):
            raise ValueError("inconsistent lexicon snapshot")
        lexicon = cls()
        for weight, keys in data["weights"].items():
            lexicon.weights.update(dict.fromkeys(_lines(keys), float(weight)))
        lexicon.display = {str(key): str(shown) for key, shown in data["display"].items()}
        lexicon.by_skeleton = dict(zip(bones, groups, strict=True))
        lexicon.counts = Counter({str(k): int(v) for k, v in data["counts"].items()})
        lexicon.pairs = set(_lines(data["pairs"]))
        lexicon._syllables = {str(k): [str(s) for s in v] for k, v in data["syllables"].items()}
        return lexicon

    def add(self, phrases: list[str], weight: float) -> None:
        """Add normalized phrases (letters, single spaces); on a tie the spelling added first wins.

        Skeletons of the whole batch come from one decomposition of the joined
        text rather than one per phrase: loading 80k phrases stays fast.
        """
        if not phrases:
            return
        lowered = "\n".join(phrases).lower()
        bare = _COMBINING.sub("", unicodedata.normalize("NFD", lowered)).replace("đ", "d")
        for phrase, key, bones in zip(phrases, lowered.split("\n"), bare.split("\n"), strict=True):
            if key.count(" ") >= MAX_N:
                continue
            known = self.weights.get(key)
            if known is None:
                group = self.by_skeleton.get(bones)
                self.by_skeleton[bones] = key if group is None else f"{group}\n{key}"
            if known is None or weight > known:
                self.weights[key] = weight
                if phrase == key:
                    self.display.pop(key, None)
                else:
                    self.display[key] = phrase
        self._syllables = None

    def count(self, runs: list[list[str]]) -> None:
        """Add runs of syllables from running text: how common each syllable and word pair is."""
        for run in runs:
            self.counts.update(run)
            self.pairs.update(map(" ".join, zip(run, run[1:], strict=False)))

    @property
    def syllables(self) -> dict[str, list[str]]:
        """Skeleton -> the valid syllables (those of known phrases) that share it."""
        if self._syllables is None:
            self._syllables = {}
            for syllable in set(" ".join(self.weights).split()):
                self._syllables.setdefault(skeleton(syllable), []).append(syllable)
        return self._syllables

    def is_syllable(self, syllable: str) -> bool:
        return syllable in self.syllables.get(skeleton(syllable), ())

    def attested(self, words: tuple[str, ...]) -> bool:
        """Whether a run of words (folded) is a known phrase or a pair seen in running text."""
        text = " ".join(words)
        return text in self.weights or text in self.pairs

    def phrase_reading(self, words: tuple[str, ...], heading: bool = False) -> tuple[str, ...] | None:
        """The one clearly best phrase for a run of OCR words (folded) that is not attested as written.

        None: the lexicon has no opinion (unknown run, a tie, or evidence too weak).
        A heading (capitals) may have half its words changed: Tesseract loses
        the marks above capitals far more often ("CHÍ TIỂU CHỦ YẾU"); and in a
        heading a word without any mark ("NHAN") proves nothing by being a syllable.
        """
        group = self.by_skeleton.get(" ".join(skeleton(w) for w in words))
        candidates = group.split("\n") if group else ()
        ranked = sorted(((self.weights[c], tuple(c.split())) for c in candidates), reverse=True)
        ranked = [(weight, c) for weight, c in ranked if _near(words, c)]
        if not ranked or (len(ranked) > 1 and ranked[0][0] < DOMINANCE * ranked[1][0]):
            return None
        weight, best = ranked[0]
        if all(self.is_syllable(w) and not (heading and w.isascii()) for w in words):  # nothing looks misread
            changed = [(old, new) for old, new in zip(words, best, strict=True) if old != new]
            if weight < DOMAIN or len(changed) > (max(1, (len(words) + 1) // 2) if heading else 1):
                return None  # real words turned into a mere dictionary entry, or rewritten wholesale
            # one real word read as another takes more than one lost mark ("dễ" is not "để"); in capitals
            # Tesseract loses the circumflex and confuses the tone together ("LÂM ĐÓNG" for "LÂM ĐỒNG",
            # SG14/SG04 headers in realdocs/signed), so a heading may differ by two from a curated phrase
            if any(mark_distance(old, new) > (2 if heading else 1) for old, new in changed):
                return None
            if len(words) == 2 and any(self.counts[old] > RARER * (self.counts[new] + 1) for old, new in changed):
                return None  # a common word turned into a rare one on the strength of one neighbour
        return best

    def syllable_reading(self, word: str) -> str | None:
        """For a word that is no Vietnamese syllable: the nearest common one, if one clearly stands out."""
        if len(word) < 2:
            return None
        options = [(mark_distance(word, s), s) for s in self.syllables.get(skeleton(word), ())]
        if not options:
            return None
        best = min(d for d, _ in options)
        nearest = sorted(((self.counts[s], s) for d, s in options if d == best), reverse=True)
        if best > MAX_MARKS or nearest[0][0] < MIN_COUNT:
            return None  # a fragment or a foreign word ("ận", "Axít"): no common syllable is near
        if len(nearest) > 1 and nearest[0][0] < DOMINANCE * nearest[1][0]:
            return None
        return nearest[0][1]


# --- loading -------------------------------------------------------------------------------------------


def _underthesea_dir() -> Path | None:
    """The installed underthesea package, found without importing it (its import is slow)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read(path: Path) -> str:
    """A bundled file with the letters normalized as `normalize_text` does (NFC, "hóa" not "hoá").

    Only the tone placement is redone, on the few syllables that need it:
    `normalize_text` over the megabyte files would take most of the load time.
    """
    if not path.is_file():
        return ""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return _OLD_STYLE_NFC.sub(lambda m: normalize_text(m.group()), text)


def _is_phrase(text: str) -> bool:
    """Letters and spaces only (str methods, not a regex: this runs 150k times at load)."""
    return text.replace(" ", "").isalpha()


def _curated_phrases(directory: Path) -> list[str]:
    """Our lists: one phrase per line, '#' comments; punctuation splits a line into phrases."""
    phrases = []
    for path in sorted(directory.glob("lexicon_*.txt")):
        for line in _read(path).splitlines():
            phrases += _PHRASE.findall(" ".join(line.split("#", 1)[0].split()))
    return phrases


def _dictionary_words(package: Path) -> list[str]:
    """Viet74K, one word per line; loanwords spelled with hyphens (a-xít) are left out."""
    lines = _read(package / "corpus" / "data" / "Viet74K.txt").splitlines()
    return [" ".join(line.split()) for line in lines if _is_phrase(line)]  # a few have stray spaces


def _place_names(package: Path) -> list[str]:
    """Names of districts, communes and wards (before and after 2025) from underthesea's address data."""
    path = package / "address" / "data" / "mapping.json"
    records = json.loads(path.read_text(encoding="utf-8")).get("ward_mapping", []) if path.is_file() else []
    names = {record.get(field) or "" for record in records for field in ("old_district", "old_ward", "new_ward")}
    bare = _PLACE_TYPE.sub("", normalize_text("\n".join(sorted(names))))
    return [name for name in bare.split("\n") if _is_phrase(name)]


def _province_phrases(package: Path) -> list[str]:
    """"tỉnh Lâm Đồng", "thành phố Hà Nội": each province (34 now, 63 before July 2025) with its type word.

    Alone, "tĩnh" is a syllable too, so a header's "UBND TĨNH LÂM ĐỒNG" (read so 22 times in 38 real
    first pages, bench/ocr_real_diagnosis.md) had no phrase to be repaired against.
    """
    path = package / "address" / "data" / "mapping.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    names = [p.get("name") or "" for key in ("province_names", "old_province_names")
             for p in (data.get(key) or {}).values()]
    if not names:
        return []
    phrases = normalize_text("\n".join(names)).split("\n")
    return [p[0].lower() + p[1:] for p in phrases if _is_phrase(p)]


def _running_text(package: Path) -> list[list[str]]:
    """Runs of syllables from the word-segmented VLSP 2013 sample bundled with underthesea's POS tagger.

    One token per line, sentences apart by blank lines; a run ends at any
    punctuation or number, so counted word pairs never straddle a comma.
    """
    runs = []
    for path in sorted((package / "pipeline" / "pos_tag" / "models").glob("*/test_output.txt")):
        tokens = [line.split("\t", 1)[0] for line in _read(path).lower().split("\n")]
        text = " ".join(t if _is_phrase(t) else "|" for t in tokens)
        runs += [run.split() for run in text.split("|")]
    return runs


def build_lexicon(curated_dir: Path = CURATED_DIR, package: Path | None = None) -> Lexicon:
    """The lexicon from shipped data only; underthesea's parts are skipped if it is not installed."""
    lexicon = Lexicon()
    lexicon.add(_curated_phrases(curated_dir), DOMAIN)
    package = package or _underthesea_dir()
    if package is not None:
        lexicon.add(_dictionary_words(package), GENERIC)
        lexicon.add(_place_names(package), GENERIC)
        lexicon.add(_province_phrases(package), DOMAIN)
        lexicon.count(_running_text(package))
    return lexicon


CACHE_FORMAT = 3  # bump when the snapshot's layout changes
_KEEP_CACHES = 4  # lexicons of other checkouts or versions kept beside the current one
_default: Lexicon | None = None
_default_lock = threading.Lock()


def _lines(text: str) -> list[str]:
    if not isinstance(text, str):
        raise ValueError("not a string")
    return text.split("\n") if text else []


def cache_dir() -> Path:
    """Where vanban keeps data it can rebuild: $VANBAN_CACHE_DIR, else $XDG_CACHE_HOME/vanban, else ~/.cache/vanban."""
    if os.environ.get("VANBAN_CACHE_DIR"):
        return Path(os.environ["VANBAN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vanban"


def _source_files(curated_dir: Path, package: Path | None) -> list[Path]:
    """Every file the built lexicon depends on: the data read and the code that reads it."""
    files = sorted(curated_dir.glob("lexicon_*.txt"))
    if package is not None:
        files += [package / "corpus" / "data" / "Viet74K.txt", package / "address" / "data" / "mapping.json",
                  *sorted((package / "pipeline" / "pos_tag" / "models").glob("*/test_output.txt"))]
    here = Path(__file__).resolve().parent
    return [*files, here / "repair.py", here.parent / "text" / "normalize.py"]


def source_key(curated_dir: Path = CURATED_DIR, package: Path | None = None) -> str:
    """A hash of the lexicon's sources (names and bytes): any edit to them or to this code changes it."""
    digest = hashlib.sha256(f"lexicon format {CACHE_FORMAT}".encode())
    for path in _source_files(curated_dir, package):
        digest.update(path.name.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _read_cached(path: Path, key: str) -> Lexicon | None:
    """The cached lexicon if the file holds one built from these very sources; None otherwise.

    A cache is only an optimization: a file that is missing, stale, truncated
    or not JSON at all is ignored (and rebuilt by the caller), never an error.
    """
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        return Lexicon.from_snapshot(data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write_cached(path: Path, key: str, lexicon: Lexicon) -> None:
    """Write atomically (a reader never sees half a file), then drop the oldest lexicons beyond a few."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": CACHE_FORMAT, "key": key, **lexicon.snapshot()}, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(prefix=".lexicon-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, path)
        others = sorted(path.parent.glob("lexicon-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[_KEEP_CACHES + 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs the next run half a second, nothing more


def load_lexicon(curated_dir: Path = CURATED_DIR, package: Path | None = None,
                 cache: Path | None = None) -> Lexicon:
    """The lexicon of `build_lexicon`, from the cache when it was built from the same files, else built and cached."""
    package = package or _underthesea_dir()
    key = source_key(curated_dir, package)
    path = (cache or cache_dir()) / f"lexicon-{key[:20]}.json"
    lexicon = _read_cached(path, key)
    if lexicon is None:
        lexicon = build_lexicon(curated_dir, package)
        _write_cached(path, key, lexicon)
    return lexicon


def default_lexicon() -> Lexicon:
    """Loaded once per process; thread-safe, as OCR'd documents are repaired in parallel threads."""
    global _default
    with _default_lock:
        if _default is None:
            _default = load_lexicon()
        return _default


# --- repair --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """A word split into leading punctuation, letters and trailing punctuation, as written."""

    lead: str
    core: str
    trail: str
    folded: str  # the letters normalized and lower-cased: what the lexicon is asked about

    @property
    def bare_capitals(self) -> bool:
        """Capitals without a mark (DAP, KIEM): an abbreviation, or a heading word that lost its marks.

        Only a run of capitals (a heading) can tell them apart, so such a word is
        never repaired alone or inside a phrase written in lower case.
        """
        return self.core.isascii() and self.core.isupper() and len(self.core) > 1

    @staticmethod
    def parse(text: str, lexicon: Lexicon) -> _Token | None:
        """None for words repair must not touch: numbers, codes like 19/KH-SVHTTDL, abbreviations."""
        match = _WORD.match(unicodedata.normalize("NFC", text))
        if match is None:
            return None
        lead, core, trail = match.groups()
        token = _Token(lead, core, trail, normalize_text(core).lower())
        if any(unicodedata.combining(ch) for ch in lead + trail) or len(token.folded) != len(core):
            return None  # a stray mark the letters could not absorb, or a letter like "İ": leave it alone
        if token.bare_capitals and skeleton(core) not in lexicon.syllables:
            return None  # UBND, VHTTDL, KH: no syllable has these letters
        return token


def _runs(tokens: list[_Token | None]) -> Iterator[tuple[int, list[_Token]]]:
    """Runs of 2..MAX_N repairable words with no punctuation between them, longest first."""
    for n in range(MAX_N, 1, -1):
        for i in range(len(tokens) - n + 1):
            run = [t for t in tokens[i:i + n] if t is not None]
            if len(run) == n and not any(t.trail for t in run[:-1]) and not any(t.lead for t in run[1:]):
                yield i, run


def _case_fits(run: list[_Token], display: str) -> bool:
    """Whether capitals inside the run agree with the phrase where the text runs in lower case.

    There a capital marks a name: "phường An" is not "phương án" and "tuyển
    quặng" is not "Tuyên Quang", while "Giám độc Sở" fits "Giám đốc Sở".
    Unmarked capitals count only inside a heading.
    """
    if any(t.bare_capitals for t in run) and not all(t.core.isupper() for t in run):
        return False  # "Công ty Cổ phần DAP số 2": DAP is a name, not "ĐÁP"
    if display.isupper():
        return True  # a heading's spelling says nothing about names
    shown = display.split()
    return all(
        not a.core.islower() or b.core[0].isupper() == shown[k][0].isupper()
        for k, (a, b) in enumerate(zip(run, run[1:], strict=False), start=1)
    )


def _changes(tokens: list[_Token | None], lexicon: Lexicon) -> dict[int, Change]:
    """Readings per word index.

    A run attested as written keeps its words against any rival that cuts
    across it ("sự cố liên quan" is not "sự có liên quan") or merely replaces
    it ("từ đó" is not "Tự do"); only a longer phrase that contains it whole
    may rewrite them ("chuyển đối số" is "chuyển đổi số" although "đối số" is
    a word). Repairs go longest runs first, each settling its words for good.
    """
    runs = [(i, i + len(run), run, tuple(t.folded for t in run)) for i, run in _runs(tokens)]
    attested = {(start, end) for start, end, _, words in runs if lexicon.attested(words)}
    settled = [False] * len(tokens)

    def held(j: int, start: int, end: int) -> bool:
        return settled[j] or any(a <= j < b and not (start <= a and b <= end and b - a < end - start)
                                 for a, b in attested)

    changes: dict[int, Change] = {}
    for start, end, run, words in runs:
        heading = all(t.core.isupper() for t in run)
        reading = None if (start, end) in attested else lexicon.phrase_reading(words, heading)
        if reading is None:
            continue
        changed = [start + k for k, (old, new) in enumerate(zip(words, reading, strict=True)) if old != new]
        key = " ".join(reading)
        display = lexicon.display.get(key, key)
        if any(held(j, start, end) for j in changed) or not _case_fits(run, display):
            continue
        for j in changed:
            changes[j] = Change(reading[j - start], f"lexicon: {display}", PHRASE_CONFIDENCE)
        settled[start:end] = [True] * (end - start)
    for i, token in enumerate(tokens):
        if token is None or settled[i] or token.bare_capitals or lexicon.is_syllable(token.folded):
            continue
        if syllable := lexicon.syllable_reading(token.folded):
            changes[i] = Change(syllable, "not a syllable; nearest valid one", SYLLABLE_CONFIDENCE)
    return changes


def _with_case(template: str, text: str) -> str:
    """`text` in the letter case of `template` (same length: the two differ only in marks)."""
    return "".join(t.upper() if c.isupper() else t for c, t in zip(template, text, strict=True))


def repair_words(words: list[Word], lexicon: Lexicon | None = None) -> list[Word]:
    """One line of OCR words in reading order, with dropped or swapped marks restored where evidence is strong."""
    lexicon = default_lexicon() if lexicon is None else lexicon
    tokens = [_Token.parse(w.text, lexicon) for w in words]
    out = list(words)
    for i, change in _changes(tokens, lexicon).items():
        token, word = tokens[i], words[i]
        assert token is not None
        core = _with_case(token.core, change.syllable)
        out[i] = word.model_copy(update={
            "text": token.lead + core + token.trail,
            "original": word.original or word.text,
            "repair": f"{token.core} -> {core} ({change.evidence})",
            "confidence": min(word.confidence, change.confidence),
        })
    return out


def repair_page(page: Page, lexicon: Lexicon | None = None) -> Page:
    """Repair every line of an OCR page; a text-layer page is what its author typed and stays as is."""
    if page.source is not SourceKind.OCR:
        return page
    lines, changed, total = [], 0, 0
    for line in page.lines:
        words = repair_words(line.words, lexicon)
        fixed = sum(new is not old for new, old in zip(words, line.words, strict=True))
        lines.append(line.model_copy(update={"words": words}) if fixed else line)
        changed, total = changed + fixed, total + len(words)
    if not changed:
        return page
    note = f"diacritic repair changed {changed} of {total} words"
    return page.model_copy(update={"lines": lines, "notes": [*page.notes, note]})
