"""The Vietnamese alphabet as regular-expression classes, defined once.

Python's `re` has no \\p{Lu}, and the tempting range `À-Ỹ` is wrong: it
runs through Latin Extended Additional, where upper- and lower-case letters
alternate, so it accepts `ư`, `ề` and `ạ` as capitals (a cue "tăng" then
swallowed "tăng đều", and a place name came out as "ường"). The classes
below list every letter explicitly.
"""

from __future__ import annotations

#: Lower-case Vietnamese letters with marks (a-z are added in the classes below).
VI_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_UPPER = VI_LOWER.upper()

#: Bodies of character classes, to be used as `[{UPPER}]`.
UPPER = "A-Z" + VI_UPPER
LOWER = "a-z" + VI_LOWER
LETTER = UPPER + LOWER
