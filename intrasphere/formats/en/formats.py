"""The portal's English date formats (docs/features.md, "Dates"): one set, a 24-hour clock.

Django's own `date` filter and `formats.date_format` read these (FORMAT_MODULE_PATH), so a
template using "DATE_FORMAT" and the `when` filter agree. What is not set here (input formats)
falls back to Django's English formats.
"""

DATE_FORMAT = "j F Y"  # 7 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 7 Dec 2026
TIME_FORMAT = "H:i"  # 06:49
DATETIME_FORMAT = "j F Y, H:i"  # 7 December 2026, 06:49
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 06:49
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
