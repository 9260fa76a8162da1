"""Every problem the roster check can report, by code: the one catalogue the import's
stored report is written from, in the reader's language, on the page, in the API and in
exports (``stored_text``; issue 8, item 11). A stored problem is
``{"row": 12, "column": "NIP", "code": "nip_required", "params": {...}}``; ``column`` is
the template's header (a msgid), the file's own header, or empty for the whole file.

Codes are stable: stored reports and API clients read them. Add a code rather than
change what one means.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# A text made elsewhere (the NIP rule, the .xlsx reader), stored as its own msgid.
PASS_THROUGH = "%(reason)s"  # noqa: S105 - a message template, not a password

PROBLEMS = {
    # -- the file ----------------------------------------------------------------------
    "file_xls": _("Format .xls (Excel 97–2003) tidak didukung. Simpan ulang berkas sebagai .xlsx."),
    "file_type": _("Jenis berkas tidak didukung. Unggah berkas .xlsx atau .csv."),
    "file_empty": _("Berkas kosong."),
    "file_too_large": _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB."),
    "file_not_xlsx": _("Berkas bernama .xlsx tetapi isinya bukan berkas Excel."),
    "file_not_csv": _("Berkas bernama .csv tetapi isinya bukan teks CSV."),
    "csv_encoding": _(
        'Berkas CSV harus berenkode UTF-8. Di Excel pilih "CSV UTF-8" saat menyimpan.'
    ),
    "csv_record": _(
        "Baris %(row)s tidak dapat dibaca sebagai CSV; pembacaan berhenti di baris ini."
    ),
    "cell_too_long": _(
        "Isi sel lebih dari %(limit)s karakter sehingga tidak dapat dibaca (periksa tanda "
        "kutip yang tidak ditutup); pembacaan berkas berhenti di baris ini."
    ),
    "workbook": PASS_THROUGH,
    "no_header": _("Berkas tidak berisi baris judul maupun data."),
    "no_data": _("Berkas tidak berisi data ASN di bawah baris judul."),
    "too_many_rows": _("Berkas berisi lebih dari %(limit)s baris; bagi berkasnya."),
    "header_repeated": _("Kolom '%(column)s' sama dengan kolom '%(other)s'; hapus salah satunya."),
    "header_missing": _("Kolom '%(column)s' tidak ada di baris judul."),
    "columns_ignored": _("Kolom diabaikan (tidak dipakai Sigap): %(columns)s."),
    # -- one cell ----------------------------------------------------------------------
    "required": _("%(column)s wajib diisi."),
    "too_long": _("Paling banyak %(limit)s karakter; terisi %(length)s."),
    "date_no_such_day": _(
        "Tanggal %(text)s tidak ada di kalender: %(month)s %(year)d hanya sampai tanggal %(last)d."
    ),
    "date_no_such_month": _("Tanggal %(text)s tidak ada di kalender: bulan %(month)d tidak ada."),
    "date_unreadable": _(
        "Tanggal '%(text)s' tidak dapat dibaca; tulis sebagai DD-MM-YYYY, misalnya 15-03-1985."
    ),
    "date_future": _("Tanggal %(date)s belum terjadi."),
    "kind_unknown": _("Jenis ASN '%(value)s' tidak dikenal; isi PNS atau PPPK."),
    "gender_unknown": _("Jenis kelamin '%(value)s' tidak dikenal; isi L atau P."),
    "birth_before_1900": _("Tahun lahir tidak mungkin sebelum 1900."),
    "under_18": _("Pegawai belum berusia 18 tahun menurut tanggal lahir ini."),
    "service_before_18": _("TMT CPNS/PPPK %(date)s sebelum pegawai berusia 18 tahun (%(adult)s)."),
    "pppk_number_for_pns": _("Nomor PPPK hanya untuk PPPK; kosongkan untuk PNS."),
    "nip_required": _("NIP wajib diisi untuk PNS."),
    "nip_as_number": _(
        "NIP tersimpan sebagai angka sehingga Excel membulatkan digit terakhirnya; format "
        "kolom NIP sebagai Teks lalu ketik ulang NIP."
    ),
    # The NIP rule's own messages (sigap.identifiers.nip), kept as their msgids.
    "nip_invalid": PASS_THROUGH,
    "nip_mismatch": PASS_THROUGH,
    "nip_for_pppk": _("Untuk PPPK kosongkan NIP dan isi kolom Nomor PPPK."),
    "pppk_number_required": _("Nomor PPPK wajib diisi untuk PPPK."),
    "pppk_number_format": _(
        "Nomor PPPK hanya boleh berisi angka, huruf, titik, garis miring atau tanda hubung, "
        "paling banyak 30 karakter."
    ),
    "golongan_unknown": _(
        "Golongan '%(value)s' tidak dikenal; gunakan I/a sampai IV/e (lembar Kode)."
    ),
    "golongan_required": _("Golongan wajib diisi untuk PNS."),
    "tmt_golongan_without_golongan": _("TMT Golongan terisi tetapi Golongan kosong."),
    "tmt_golongan_before_service": _(
        "TMT Golongan %(date)s sebelum TMT CPNS/PPPK %(service_start)s."
    ),
    "unit_unknown": _("Unit dengan kode '%(code)s' tidak ada di Sigap."),
    "unit_inactive": _("Unit %(name)s (%(code)s) tidak aktif."),
    "position_unknown": _("Jabatan dengan kode '%(code)s' tidak ada di Sigap."),
    "position_inactive": _("Jabatan %(title)s (%(code)s) tidak aktif."),
    "position_not_in_unit": _(
        "Jabatan %(title)s (%(code)s) bukan jabatan di unit %(unit)s (%(unit_code)s)."
    ),
    "tmt_jabatan_before_service": _(
        "TMT Jabatan %(date)s sebelum TMT CPNS/PPPK %(service_start)s."
    ),
    "sk_date_late": _("Tanggal SK Jabatan lebih dari setahun setelah TMT Jabatan."),
    "education_level_unknown": _(
        "Jenjang pendidikan '%(value)s' tidak dikenal; gunakan SD, SMP, SMA, D1–D4 atau S1–S3."
    ),
    "graduation_year_required": _("Tahun Lulus wajib diisi bila Pendidikan Terakhir terisi."),
    "education_level_missing": _("Isi Pendidikan Terakhir (jenjang) untuk data pendidikan ini."),
    "graduation_year_format": _("Tahun lulus '%(value)s' harus 4 angka, misalnya 2008."),
    "graduation_year_future": _("Tahun lulus %(year)s belum terjadi."),
    "graduation_year_implausible": _(
        "Tahun lulus %(year)s tidak masuk akal untuk kelahiran %(birth_year)s."
    ),
    # -- against other rows and the registry --------------------------------------------
    "identifier_repeated": _("%(column)s %(value)s sudah ada di baris %(first)s."),
    "number_repeated": _("Nomor %(value)s sudah ada di baris %(first)s."),
    "kind_conflict": _("%(identifier)s tercatat sebagai %(recorded)s, bukan %(stated)s."),
    "rank_conflict": _(
        "Riwayat pangkat TMT %(date)s sudah tercatat dengan golongan %(recorded)s, bukan "
        "%(stated)s."
    ),
    "tmt_jabatan_not_after_current": _(
        "TMT Jabatan %(date)s harus setelah jabatan saat ini (%(position)s) dimulai pada %(since)s."
    ),
    # -- the import --------------------------------------------------------------------
    "stale": _(
        "Data di Sigap berubah sejak pemeriksaan; impor dibatalkan dan tidak ada data yang "
        "ditulis. Perbaiki berkas lalu unggah ulang."
    ),
    "import_failed": _("Impor gagal; tidak ada data yang ditulis."),
    "import_failed_because": _("Impor gagal; tidak ada data yang ditulis. Penyebab: %(cause)s"),
}

# Column names that are not the template's headers.
OTHER_POSITION = _("jabatan lain")
NTH_COLUMN = _("kolom ke-%(n)s")
