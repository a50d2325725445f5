"""The programme: topics, rooms, sessions, agenda, sign-ups, calendar feeds."""
