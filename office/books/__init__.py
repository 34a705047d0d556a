"""Pure computations for a club's books (issue #13): tax spheres, chart of accounts, income-surplus statement,
cash audit, bank statement import and match proposals. Plain dataclasses in, dataclasses out, no database.
"""
