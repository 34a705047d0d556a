"""Official donation receipts (Zuwendungsbestätigungen) on the BMF templates of 7 November 2013.

Pure Python on plain dataclasses (``data.py``); the office's models build the values and call
:func:`wording.receipt_text` / :func:`pdf.render_receipt_pdf`. The rules of § 63 Abs. 5 AO and
§ 10b Abs. 1 Satz 8 EStG are in ``rules.py``, the wording in ``templates/*.txt``.
"""
