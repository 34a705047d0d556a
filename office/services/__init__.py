"""Writes of the club office, one module per subject (members, SEPA mandates, fees, history)."""
