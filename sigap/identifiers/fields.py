from __future__ import annotations

from typing import Any

from django.db import models

from sigap.identifiers.nik import validate_nik
from sigap.identifiers.nip import validate_nip


class NIKField(models.CharField):
    description = "NIK (16 digit)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("verbose_name", "NIK")
        kwargs.setdefault("validators", [validate_nik])
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # keep migrations free of the defaults
        name, path, args, kwargs = super().deconstruct()
        for key in ("max_length", "verbose_name", "validators"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


class NIPField(models.CharField):
    description = "NIP (18 digit)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("verbose_name", "NIP")
        kwargs.setdefault("validators", [validate_nip])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("max_length", "verbose_name", "validators"):
            kwargs.pop(key, None)
        return name, path, args, kwargs
