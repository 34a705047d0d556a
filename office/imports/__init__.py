"""Reading member lists from other programs: sniffing (encoding, delimiter, CSV or XLSX), mapping
of column headings to the register's fields, and parsing of rows into checked values.

Nothing here writes; office/services/imports.py turns the parsed rows into members in one
transaction. Nothing here logs cell values (member data stays out of every log line).
"""

from .mapping import FIELDS, detect_source, guess_mapping
from .rows import ParsedRow, parse_rows
from .sniffing import Table, TableError, read_table

__all__ = ["FIELDS", "ParsedRow", "Table", "TableError", "detect_source", "guess_mapping", "parse_rows", "read_table"]
