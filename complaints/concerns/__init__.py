"""The reporting channel (/concerns/): reports under the law on whistleblowing (Directive (EU)
2019/1937; France: loi 2022-401), apart from the helpdesk.

Any employee reports a concern, by name or anonymously; the reporter follows it with a receipt
code and a secret shown once. Only the holders of `complaints.handle_concerns` (administrators
hold every right) see reports: not complaint managers, helpdesk handlers or moderators.
docs/reporting-channel.md explains the rules.
"""
