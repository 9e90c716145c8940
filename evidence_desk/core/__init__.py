"""The Qt-free core: storage, services and analysis used by the GUI and the CLI alike.

Nothing below this package may import Qt; a test enforces it so that the core can be
scripted, tested and run on a machine without a display.
"""
