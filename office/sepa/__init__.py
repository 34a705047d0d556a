"""SEPA direct debit without the database: identifiers, TARGET2 calendar, pain.008 files, returns.

Everything here works on plain values and dataclasses, so the office's services (debit runs,
joining, returns import) call it and the tests need no database. docs/office-sepa.md explains
the layer, the file versions and how the gaps of `sepaxml` are patched.
"""
