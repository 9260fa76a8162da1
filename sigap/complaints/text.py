"""Indonesian complaint text as the classifier and the duplicate check read it.

Citizens write the way they text: "gk", "udh", "bgt", "tdk", "yg", repeated letters
("lamaaaa"), numbers for syllables ("kmrn2"). ``normalize`` lowercases, expands the
common informal spellings to standard words, squeezes letters repeated three times or
more, and drops what is not a letter (the per-word part cached); ``tokens`` then stems
each word with Sastrawi (PySastrawi, Nazief–Adriani with CS stemming), cached per word:
a word's normal form and its stem are pure functions of the word, and complaint
vocabularies are small.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Informal spelling → standard word (SMS/chat Indonesian and a few regional words).
INFORMAL: dict[str, str] = {
    "gk": "tidak",
    "ga": "tidak",
    "gak": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "ndak": "tidak",
    "nda": "tidak",
    "kagak": "tidak",
    "ora": "tidak",
    "indak": "tidak",
    "idak": "tidak",
    "udh": "sudah",
    "udah": "sudah",
    "sdh": "sudah",
    "dah": "sudah",
    "lah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "bgt": "sangat",
    "banget": "sangat",
    "bngt": "sangat",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "krn": "karena",
    "karna": "karena",
    "krna": "karena",
    "dr": "dari",
    "dri": "dari",
    "sy": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "ane": "saya",
    "awak": "saya",
    "kmrn": "kemarin",
    "kemaren": "kemarin",
    "skrg": "sekarang",
    "skrang": "sekarang",
    "sampe": "sampai",
    "smp": "sampai",
    "tp": "tapi",
    "tpi": "tapi",
    "jg": "juga",
    "aja": "saja",
    "aj": "saja",
    "bs": "bisa",
    "bsa": "bisa",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "napa": "kenapa",
    "org": "orang",
    "hrs": "harus",
    "msh": "masih",
    "masi": "masih",
    "lg": "lagi",
    "lgi": "lagi",
    "sm": "sama",
    "ama": "sama",
    "bln": "bulan",
    "mgg": "minggu",
    "hr": "hari",
    "jln": "jalan",
    "jl": "jalan",
    "pdhl": "padahal",
    "trs": "terus",
    "trus": "terus",
    "mlh": "malah",
    "byr": "bayar",
    "bayarin": "bayar",
    "duit": "uang",
    "doku": "uang",
    "ngantri": "antre",
    "ngantre": "antre",
    "antri": "antre",
    "antrian": "antrean",
    "pelayanannya": "pelayanan",
    "ptgs": "petugas",
    "pegawe": "pegawai",
    "ktp": "ktp",
    "e-ktp": "ktp",
    "ektp": "ktp",
    "kk": "kk",
    "wc": "toilet",
    "jalanan": "jalan",
    "becek": "genangan",
    "ijin": "izin",
    "akte": "akta",
    "puskes": "puskesmas",
    "sekolahan": "sekolah",
    "bocah": "anak",
    "budak": "anak",
    "lambat": "lambat",
    "lelet": "lambat",
    "lemot": "lambat",
    "molor": "lambat",
    "mampet": "tersumbat",
    "numpuk": "tumpuk",
    "nyampah": "sampah",
    "bau2": "bau",
    "jutek": "judes",
    "galak": "kasar",
    "sewot": "marah",
    "ngebentak": "bentak",
    "pungutan2": "pungutan",
    "uang2": "uang",
    "tlg": "tolong",
    "tolonglah": "tolong",
}

_REPEATS = re.compile(r"(\w)\1{2,}")
_REDUPLICATED = re.compile(r"\b(\w+)2\b")  # "kmrn2", "lama2": written reduplication
_NON_LETTERS = re.compile(r"[^a-z\s-]+")


_SPLIT = re.compile(r"[\s,.;:!?()\"/]+")


@lru_cache(maxsize=50_000)
def normal_word(raw: str) -> str:
    """One word, standard spelling, letters only ("" when nothing is left): cached, as
    ``stem`` is; a complaint's words are mostly words seen before."""
    word = raw.strip("-'")
    if not word:
        return ""
    return _NON_LETTERS.sub("", INFORMAL.get(word, word))


def normalize(text: str) -> str:
    text = (text or "").lower()
    text = _REDUPLICATED.sub(r"\1", text)
    text = _REPEATS.sub(r"\1", text)
    return " ".join(word for raw in _SPLIT.split(text) if (word := normal_word(raw)))


@cache
def _stemmer():  # noqa: ANN202 - Sastrawi's own class
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if len(word) <= 3 or "-" in word:
        return word
    return _stemmer().stem(word) or word


# Words every complaint uses: no signal for a category, noise for duplicates.
STOPWORDS = frozenset(
    "yang dan di ke dari ini itu saya kami kita sudah tidak belum ada untuk dengan karena "
    "tapi juga saja sangat sekali lagi masih bisa harus mohon tolong pak bu bapak ibu "
    "nya pada akan atau oleh jadi kalau kok sih dong deh ya yg para agar supaya".split()
)


def tokens(text: str) -> list[str]:
    return [stem(w) for w in normalize(text).split() if w not in STOPWORDS]


def analyse(text: str) -> str:
    """The text as the classifier's vectoriser reads it: stemmed words, space-joined."""
    return " ".join(tokens(text))
