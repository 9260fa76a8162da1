"""Settings for the app server the browser journeys start: production settings, private static root.

Everything comes from ``config.settings`` (and so from the environment, as in ``bin/demo``);
only ``STATIC_ROOT`` moves to a per-run temporary folder so that ``collectstatic`` here neither
races with nor is disturbed by other people's runs in the same checkout.
"""

from __future__ import annotations

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["SIGAP_E2E_STATIC_ROOT"]
