"""Building the catalog dataset from the O*NET, BLS and Job Bank source files (``make catalog``)."""
