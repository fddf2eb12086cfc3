"""The catalog snapshot (``GET /v1/catalog/snapshot``): what the matcher scores against.

Columnar, so that it loads straight into arrays; row ``i`` of every list under ``careers``
is the same career, ordered by code::

    {
      "version": "29.3-2024.05-<12 hex of the dataset's sha256>",
      "interest_areas": ["R", "I", "A", "S", "E", "C"],
      "work_values": [{"id": "1.B.2.a", "name": "Achievement"}, ...],        # 6, O*NET order
      "skills": [{"id": "2.A.1.a", "name": "Reading Comprehension"}, ...],    # 35, O*NET order
      "technologies": [{"name": "Python", "hot": true}, ...],                  # sorted by name
      "careers": {
        "code": ["11-1011.00", ...],
        "title": ["Chief Executives", ...],
        "job_zone": [5, ...],                     # 1-5, or null
        "median_wage": [206420, ...],             # annual US$, or null when BLS has none
        "wage_top_coded": [false, ...],           # true: BLS '#', median is >= 239200
        "interests": [[R, I, A, S, E, C], ...],   # OI 1-7
        "high_point": ["EC", ...],                # IH first-to-third letters ("" if none)
        "wage_soc": ["11-1011", ...],             # OEWS SOC code of the wage, or null
        "wage_title": ["Chief Executives", ...],  # OEWS title of that code, or null
        "wage_scope": ["own", ...],               # own | group | broad, or null
        "values": [[6 x EX 1-7] | null, ...],     # Work Values extent, in work_values order
        "skill_level": [[35 x LV 0-7] | null, ...],
        "skill_importance": [[35 x IM 1-5] | null, ...],
        "technologies": [[[tech index, in_demand 0|1], ...], ...]
      },
      "regional": {                               # optional: absent when not built
        "version": "<12 hex of regional.json's sha256>",
        "hours_per_year": 1950,                   # assumed for a yearly CAD estimate
        "median": {                               # same row order as careers
          "US-CA": [140330 | null, ...],          # annual US$, BLS OEWS May 2024 state;
                                                  # null: not published or >= 239200
          "CA": [42.0 | null, ...],               # hourly CAD, Job Bank 2024, Canada-wide
          "CA-ON": [40.0 | null, ...],            # hourly CAD, one province or territory
          ...                                     # every code of shared.regions.REGIONS
        }
      }
    }
"""
