"""The portal's French date formats (docs/features.md, "Dates"): one set, a 24-hour clock.

Read by Django's `date` filter and the `when` filter (FORMAT_MODULE_PATH). What is not set here
(input formats, separators) falls back to Django's French formats.
"""

DATE_FORMAT = "j F Y"  # 7 décembre 2026
SHORT_DATE_FORMAT = "j N Y"  # 7 déc. 2026
TIME_FORMAT = "H:i"  # 06:49
DATETIME_FORMAT = "j F Y à H:i"  # 7 décembre 2026 à 06:49
SHORT_DATETIME_FORMAT = "j N Y à H:i"  # 7 déc. 2026 à 06:49
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # lundi
