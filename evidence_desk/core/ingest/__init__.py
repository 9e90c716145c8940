"""Turning imported files into documents: kind detection, text extraction, Bates labels.

``pipeline.import_paths`` is the service; the per-kind modules (``pdf``, ``docx``,
``text``, ``images``) each turn one stored file into an ``Extraction`` and run inside the
extraction worker processes (``worker``), never in the writer.
"""
