"""Who may read the workforce pages and operations: the agency-wide permission or its
unit-scoped twin (a unit head's own subtrees, ``accounts.scope``). Declared once for
``apps.py`` and the feature packages' views and API."""

VIEW_ASN = ("workforce.view_all_asn", "workforce.view_unit_asn")
VIEW_CONTINUITY = ("workforce.view_all_continuity", "workforce.view_unit_continuity")
