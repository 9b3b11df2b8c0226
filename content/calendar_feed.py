"""iCalendar (.ics) output for events, built with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from content.models import Event


def calendar_bytes(events: Iterable[Event], *, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//IntraSphere//Events//EN")
    calendar.add("version", "2.0")
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", timezone.now())
        if event.location:
            item.add("location", event.location)
        if event.description:
            item.add("description", event.description)
        calendar.add_component(item)
    return calendar.to_ical()
