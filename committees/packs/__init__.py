"""Agenda packs: the meeting's papers assembled into one PDF and an accessible HTML edition.

``blocks`` is the pack's content as plain data; ``pdf`` and ``html`` render the same blocks,
so the two editions never disagree. Neither imports Django.
"""
