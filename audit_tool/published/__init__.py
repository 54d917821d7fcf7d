"""The DfE's published children's social care statistics, its statistical neighbour models and
Ofsted's published inspection outcomes: reading the files and working out figures (pure Python;
no SQL, no Qt). See ``tidy`` (the CSV format and suppression codes), ``neighbours``, ``measures``
(where each indicator is published), ``figures`` (council, region, England, neighbours),
``benchmark`` (rank and quartile among LAs) and ``ofsted``.
"""
