"""The staff desk: badges, rosters, exports, logistics, check-in, organizers' dashboard."""
