"""Segment-change alerts: the publication watcher, planning, digests, pacing and the sender."""
