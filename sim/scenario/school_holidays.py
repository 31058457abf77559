"""School holiday presets, for student pools that are absent in school holidays.

MBO schools set their own holidays; these presets are the published example of Landstede
2025/26 (regions North and Middle), as cited in the reference parameters (rocmn.nl, Landstede).
A scenario can always list its own periods instead.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

SCHOOL_HOLIDAY_PRESETS: dict[str, list[tuple[str, dt.date, dt.date]]] = {
    "landstede-noord-2025-2026": [
        ("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26)),
        ("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
        ("voorjaarsvakantie", D(2026, 2, 21), D(2026, 3, 1)),
        ("meivakantie", D(2026, 4, 18), D(2026, 5, 3)),
        ("zomervakantie", D(2026, 7, 11), D(2026, 8, 23)),
    ],
    "landstede-midden-2025-2026": [
        ("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26)),
        ("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
        ("voorjaarsvakantie", D(2026, 2, 14), D(2026, 2, 22)),
        ("meivakantie", D(2026, 4, 18), D(2026, 5, 3)),
        ("zomervakantie", D(2026, 7, 11), D(2026, 8, 23)),
    ],
}
