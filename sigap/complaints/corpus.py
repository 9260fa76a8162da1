"""Demo complaint texts: realistic, varied, and split by template.

``data/demo_complaints.txt`` holds one hand-written complaint per line per category
(long waits, unclear requirements, rude officers, illegal fees, broken facilities, slow
permits, flooded roads, uncollected rubbish...). Each is written out several times the
way citizens actually write: with an opener and a closer or none, the slots filled with
different places and durations, and a share of words respelled informally or in
regional forms (Jambi Malay "idak", Javanese "ora", "bgt", "udh", "yg"), casing and
punctuation dropped, letters stretched ("lamaaa").

``held_out`` is decided per *template*, never per text: every variant of a held-out
template is held out, so the classifier is evaluated on complaints whose wording it has
never seen (bench.complaint_routing; issue 12, item 6).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "demo_complaints.txt"
HELD_OUT_EVERY = 4  # every 4th template of a category is held out (about a quarter)

SLOTS: dict[str, list[str]] = {
    "tempat": [
        "Kelurahan Talang Bakung",
        "Kecamatan Kota Baru",
        "Desa Sungai Bengkal",
        "Simpang Rimbo",
        "Kelurahan Pasar",
        "Telanaipura",
        "Muara Bulian",
        "Kampung Lalo",
        "Desa Tanjung Pauh",
        "Kelurahan Sukarejo",
        "Perumnas Aur Duri",
        "Kecamatan Alam Barajo",
        "Rimbo Bujang",
        "Kelurahan Kenali Asam",
        "Kampung Manggis",
        "Desa Pulau Temiang",
    ],
    "jalan": [
        "Jalan Sultan Thaha",
        "Jl. Lingkar Barat",
        "jalan depan SD 47",
        "Jalan Kapten Pattimura",
        "jalan masuk perumahan Griya Kencana",
        "Jl. Sumantri Brojonegoro",
        "jalan poros desa",
        "simpang empat Mayang",
        "Jalan Gatot Subroto",
        "jalan menuju pasar Angso Duo",
    ],
    "waktu": [
        "minggu lalu",
        "bulan kemarin",
        "awal bulan ini",
        "sejak lebaran",
        "tanggal 3 kemarin",
        "hari Senin",
        "dua hari yang lalu",
        "sebelum tahun baru",
    ],
    "lama": [
        "dua minggu",
        "tiga bulan",
        "hampir setahun",
        "10 hari",
        "sebulan lebih",
        "enam bulan",
        "empat minggu",
        "berbulan-bulan",
    ],
    "jumlah": ["Rp50.000", "dua ratus ribu", "Rp 1,5 juta", "seratus ribu", "Rp300 ribu", "sejuta"],
    "sekolah": [
        "SDN 47/IV",
        "SMPN 7 Kota Jambi",
        "SMA Negeri 2",
        "SD Inpres Talang Banjar",
        "SMPN 12",
        "SMK Negeri 3",
        "MI Nurul Iman",
    ],
    "puskesmas": [
        "Puskesmas Simpang Kawat",
        "Pustu Talang Bakung",
        "Puskesmas Olak Kemang",
        "Puskesmas Putri Ayu",
        "Puskesmas Kenali Besar",
    ],
}
OPENERS = [
    "",
    "",
    "",
    "Selamat pagi pak/bu, ",
    "Assalamualaikum, ",
    "Mohon maaf mengganggu, ",
    "Lapor min, ",
    "Tolong ditindaklanjuti: ",
    "Saya warga {tempat}, ",
    "Permisi, ",
    "Pak kadis yth, ",
    "Mau mengadu, ",
]
CLOSERS = [
    "",
    "",
    "",
    " Terima kasih.",
    " Mohon segera ditindaklanjuti.",
    " Tolong diperhatikan ya pak.",
    " Sudah capek nunggu.",
    " Makasih min.",
    " Jangan cuma janji.",
    " Mohon solusinya.",
    " Kasihan warga kecil.",
    " Tolong dibantu nian.",
]
# standard word -> informal or regional spellings a citizen might use instead
RESPELL: dict[str, list[str]] = {
    "tidak": ["gak", "tdk", "ga", "nggak", "idak", "ndak", "ora"],
    "sudah": ["udh", "udah", "sdh", "dah"],
    "sekali": ["bgt", "banget", "nian"],
    "yang": ["yg"],
    "dengan": ["dgn"],
    "untuk": ["utk"],
    "karena": ["krn", "karna"],
    "saya": ["sy", "aku", "awak"],
    "belum": ["blm", "blum"],
    "sekarang": ["skrg"],
    "padahal": ["pdhl"],
    "tapi": ["tp"],
    "juga": ["jg"],
    "sampai": ["sampe"],
    "lama": ["lamaaa", "lama2"],
    "antrean": ["antrian", "antri"],
    "petugas": ["ptgs"],
    "jalan": ["jln"],
    "izin": ["ijin"],
    "akta": ["akte"],
    "bayar": ["byr"],
    "uang": ["duit"],
    "kemarin": ["kmrn", "kemaren"],
    "terus": ["trs", "trus"],
    "harus": ["hrs"],
}


@dataclass(frozen=True)
class DemoText:
    template: int
    category: str
    text: str
    held_out: bool


@cache
def templates() -> list[tuple[int, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, _, text = line.partition("|")
        rows.append((len(rows), category.strip(), text.strip()))
    return rows


def _fill(text: str, rng: random.Random) -> str:
    return re.sub(r"{(\w+)}", lambda m: rng.choice(SLOTS[m.group(1)]), text)


def _respell(text: str, rng: random.Random, share: float) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        options = RESPELL.get(word.lower())
        if options and rng.random() < share:
            return rng.choice(options)
        return word

    return re.sub(r"[A-Za-z]+", one, text)


def variant(text: str, rng: random.Random) -> str:
    body = _fill(text, rng)
    style = rng.random()
    if style < 0.35:  # as written
        out = body
    elif style < 0.75:  # casual
        out = _respell(body, rng, 0.6)
    else:  # chat-style: lowercase, little punctuation, many respellings
        out = _respell(body, rng, 0.9).lower().replace(",", "").rstrip(".")
    out = _fill(rng.choice(OPENERS), rng) + out + rng.choice(CLOSERS)
    return out[:1].upper() + out[1:] if style < 0.75 else out


def demo_texts(seed: int = 12, per_template: int = 4) -> list[DemoText]:
    rng = random.Random(seed)
    counters: dict[str, int] = {}
    out = []
    for template_id, category, text in templates():
        index = counters.get(category, 0)
        counters[category] = index + 1
        held = index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
        seen: set[str] = set()
        for _ in range(per_template * 3):
            written = variant(text, rng)
            if written not in seen:
                seen.add(written)
                out.append(DemoText(template_id, category, written, held))
            if len(seen) == per_template:
                break
    return out
