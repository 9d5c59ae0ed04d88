"""Which fields are kept in Danish and English: none, for contact persons.

A person's name, job title and organisation are recorded as the person gives them,
in one language. Their history is declared in models.py (`HistoricalRecords`).
"""
