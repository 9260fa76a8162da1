"""Placeholder: this feature's pages are being built."""

urlpatterns: list = []
