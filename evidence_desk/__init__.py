"""Evidence Desk: an offline evidence organizer for criminal-defense offices."""

__version__ = "0.1.0"
