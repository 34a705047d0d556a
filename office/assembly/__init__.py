"""The general assembly as pure code: statute rules, deadlines, counting, secret ballots, minutes.

No models and no database here: the office models and views call these functions with plain data
(docs/office-assembly.md).
"""
