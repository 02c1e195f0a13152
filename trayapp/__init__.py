"""trayapp: is it down, or is it just me?

Importing this package has no side effects: it creates no directories, reads no
configuration and starts no Qt.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
