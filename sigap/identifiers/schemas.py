"""Reusable pydantic types for API schemas (django-ninja): ``nik: NIK``, ``nip: NIP``.

They apply the same rules and Indonesian messages as the Django validators. Errors are
raised as ``PydanticCustomError`` rather than a bare ``ValueError`` so the API shows the
message as is (pydantic would prefix "Value error, ") and the error ``type`` is the same
stable code as ``ValidationError.code`` (e.g. ``nik_province``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from sigap.identifiers._common import remove_whitespace
from sigap.identifiers.nik import validate_nik
from sigap.identifiers.nip import validate_nip


def _run(validate: Callable[[str], None], value: str) -> str:
    # Same normalisation as the form field: spaced groups are accepted and stored bare.
    value = remove_whitespace(value)
    try:
        validate(value)
    except ValidationError as exc:
        # The message is already interpolated; giving no context keeps pydantic from
        # treating braces in it as placeholders.
        raise PydanticCustomError(exc.code or "invalid", exc.messages[0]) from None
    return value


def check_nik(value: str) -> str:
    """Pydantic after-validator: the NIK without spaces, or a PydanticCustomError."""
    return _run(validate_nik, value)


def check_nip(value: str) -> str:
    """Pydantic after-validator: the NIP without spaces, or a PydanticCustomError."""
    return _run(validate_nip, value)


NIK = Annotated[
    str,
    AfterValidator(check_nik),
    Field(description="NIK, 16 digit (spasi diabaikan).", examples=["1571015705900002"]),
]
NIP = Annotated[
    str,
    AfterValidator(check_nip),
    Field(description="NIP PNS, 18 digit (spasi diabaikan).", examples=["198503152010012001"]),
]
