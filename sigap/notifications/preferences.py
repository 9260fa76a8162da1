"""Which channels reach a user: their own choice, within what their account allows.

The in-app inbox is always on. Email is on by default once the user has an address;
SMS and WhatsApp cost the pemda per message and reach a phone the user may share, so
they are off until the user switches them on, and offered only when the account has a
phone number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sigap.notifications.models import Channel, ChannelPreference

DEFAULT_ON: frozenset[str] = frozenset({Channel.EMAIL})


@dataclass(frozen=True)
class ChannelState:
    channel: str
    label: str
    available: bool  # the account has the address this channel needs
    enabled: bool  # the user's choice (or the default), only ever True when available


def is_available(user: Any, channel: str) -> bool:
    if channel == Channel.EMAIL:
        return bool(user.email)
    return bool(user.phone)


def channel_states(user: Any) -> list[ChannelState]:
    chosen = dict(ChannelPreference.objects.filter(user=user).values_list("channel", "enabled"))
    states = []
    for channel, label in Channel.choices:
        available = is_available(user, channel)
        enabled = chosen.get(channel, channel in DEFAULT_ON)
        states.append(ChannelState(channel, str(label), available, available and enabled))
    return states


def enabled_channels(user: Any) -> list[str]:
    return [s.channel for s in channel_states(user) if s.enabled]


def is_enabled(user: Any, channel: str) -> bool:
    return channel in enabled_channels(user)


def set_channels(user: Any, choices: Mapping[str, bool]) -> list[ChannelState]:
    """Record the user's choice per channel. Switching on a channel the account cannot
    use (no email address, no phone number) is refused with the field named."""
    errors: dict[str, list[str]] = {}
    for channel, enabled in choices.items():
        if channel not in Channel.values:
            raise ValueError(f"Unknown channel {channel!r}")
        if enabled and not is_available(user, channel):
            need = "alamat email" if channel == Channel.EMAIL else "nomor HP"
            errors[channel] = [f"Tambahkan {need} di data akun Anda untuk memakai saluran ini."]
    if errors:
        raise ValidationError(errors)
    current = dict(ChannelPreference.objects.filter(user=user).values_list("channel", "enabled"))
    with transaction.atomic():
        for channel, enabled in choices.items():
            if channel in current:
                if current[channel] != enabled:
                    pref = ChannelPreference.objects.get(user=user, channel=channel)
                    pref.enabled = enabled
                    pref.save(update_fields=["enabled", "updated_at"])
            elif enabled != (channel in DEFAULT_ON):
                # Only a departure from the default is stored, so that changing the
                # default later reaches everyone who never chose.
                ChannelPreference.objects.create(user=user, channel=channel, enabled=enabled)
    return channel_states(user)
