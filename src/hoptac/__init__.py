"""hoptac: the information system for a province's collective economy."""

__version__ = "0.1.0"
