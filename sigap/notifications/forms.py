from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.notifications.preferences import ChannelState

HELP = {
    "email": _("Salinan setiap notifikasi ke alamat email akun Anda."),
    "sms": _("Judul dan tautan notifikasi lewat SMS ke nomor HP akun Anda."),
    "whatsapp": _("Notifikasi lengkap lewat WhatsApp ke nomor HP akun Anda."),
}
UNAVAILABLE = {
    "email": _("Tidak tersedia: akun Anda belum memiliki alamat email."),
    "sms": _("Tidak tersedia: akun Anda belum memiliki nomor HP."),
    "whatsapp": _("Tidak tersedia: akun Anda belum memiliki nomor HP."),
}


class ChannelPreferencesForm(forms.Form):
    """One checkbox per external channel; the ones the account cannot use are shown
    disabled with the reason, so the user knows what to add to reach them."""

    def __init__(self, *args: Any, states: list[ChannelState], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for state in states:
            self.fields[state.channel] = forms.BooleanField(
                label=state.label,
                required=False,
                initial=state.enabled,
                disabled=not state.available,
                help_text=HELP[state.channel] if state.available else UNAVAILABLE[state.channel],
            )

    def choices(self) -> dict[str, bool]:
        return {
            name: bool(value)
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled
        }
