"""The wire contract: every document the services exchange, one module each.

- ``onet``: the O*NET vocabulary (interest areas, work values, skills) documents name;
- ``request``: the submission request the quiz writes and the matcher reads, with the names
  of the preferences and score parts;
- ``result``: the result body the matcher writes, and the public result document clients
  read (API, event stream, webhook);
- ``snapshot``: the catalog snapshot the catalog serves and the matcher scores against;
- ``codec``: the one JSON encoder, and checked decoding.

Where documents are stored (Redis keys) is ``shared.records``' business, not the contract's.
"""
