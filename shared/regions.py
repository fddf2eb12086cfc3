"""The places a person may say they live in, by ISO 3166-2 code, and how their pay is counted.

Shared by the quiz (the location item's choices), the matcher (which local pay to check) and
the catalog (the ``region`` parameter). ``CA`` alone would mean both California and Canada,
so a place is always a subdivision code (``US-CA``, ``CA-ON``); the country-wide figures are
keyed by the country code (``US``, ``CA``) and are never a place to choose.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The location item's answer for "somewhere else": no local pay exists, national US pay
#: is shown as it is for everyone.
ELSEWHERE = "elsewhere"
US = "US"
CANADA = "CA"
#: The United Kingdom, a place as a whole (ISO 3166-1 ``GB``): ONS publishes pay by UK
#: occupation group for the whole country, which is the one UK place a person may choose.
UK = "GB"
#: Hours a year assumed when a Canadian hourly wage is turned into a yearly figure (37.5
#: hours a week for 52 weeks); every yearly CAD figure says so.
CANADA_HOURS_PER_YEAR = 1950
CURRENCY = {US: "USD", CANADA: "CAD", UK: "GBP"}
#: The unit of the published figures: BLS annual wages, Job Bank hourly wages, ONS ASHE
#: annual pay.
UNIT = {US: "year", CANADA: "hour", UK: "year"}


@dataclass(frozen=True)
class Region:
    """A US state, district or territory, a Canadian province or territory, or the UK."""

    code: str
    name: str
    country: str
    kind: str

    @property
    def currency(self) -> str:
        return CURRENCY[self.country]

    @property
    def unit(self) -> str:
        return UNIT[self.country]


#: US states, DC and territories with BLS OEWS state estimates, then Canada's provinces and
#: territories with Job Bank wages; by name within each country.
REGIONS: tuple[Region, ...] = (
    Region("US-AL", "Alabama", "US", "state"),
    Region("US-AK", "Alaska", "US", "state"),
    Region("US-AZ", "Arizona", "US", "state"),
    Region("US-AR", "Arkansas", "US", "state"),
    Region("US-CA", "California", "US", "state"),
    Region("US-CO", "Colorado", "US", "state"),
    Region("US-CT", "Connecticut", "US", "state"),
    Region("US-DE", "Delaware", "US", "state"),
    Region("US-DC", "District of Columbia", "US", "district"),
    Region("US-FL", "Florida", "US", "state"),
    Region("US-GA", "Georgia", "US", "state"),
    Region("US-GU", "Guam", "US", "territory"),
    Region("US-HI", "Hawaii", "US", "state"),
    Region("US-ID", "Idaho", "US", "state"),
    Region("US-IL", "Illinois", "US", "state"),
    Region("US-IN", "Indiana", "US", "state"),
    Region("US-IA", "Iowa", "US", "state"),
    Region("US-KS", "Kansas", "US", "state"),
    Region("US-KY", "Kentucky", "US", "state"),
    Region("US-LA", "Louisiana", "US", "state"),
    Region("US-ME", "Maine", "US", "state"),
    Region("US-MD", "Maryland", "US", "state"),
    Region("US-MA", "Massachusetts", "US", "state"),
    Region("US-MI", "Michigan", "US", "state"),
    Region("US-MN", "Minnesota", "US", "state"),
    Region("US-MS", "Mississippi", "US", "state"),
    Region("US-MO", "Missouri", "US", "state"),
    Region("US-MT", "Montana", "US", "state"),
    Region("US-NE", "Nebraska", "US", "state"),
    Region("US-NV", "Nevada", "US", "state"),
    Region("US-NH", "New Hampshire", "US", "state"),
    Region("US-NJ", "New Jersey", "US", "state"),
    Region("US-NM", "New Mexico", "US", "state"),
    Region("US-NY", "New York", "US", "state"),
    Region("US-NC", "North Carolina", "US", "state"),
    Region("US-ND", "North Dakota", "US", "state"),
    Region("US-OH", "Ohio", "US", "state"),
    Region("US-OK", "Oklahoma", "US", "state"),
    Region("US-OR", "Oregon", "US", "state"),
    Region("US-PA", "Pennsylvania", "US", "state"),
    Region("US-PR", "Puerto Rico", "US", "territory"),
    Region("US-RI", "Rhode Island", "US", "state"),
    Region("US-SC", "South Carolina", "US", "state"),
    Region("US-SD", "South Dakota", "US", "state"),
    Region("US-TN", "Tennessee", "US", "state"),
    Region("US-TX", "Texas", "US", "state"),
    Region("US-VI", "U.S. Virgin Islands", "US", "territory"),
    Region("US-UT", "Utah", "US", "state"),
    Region("US-VT", "Vermont", "US", "state"),
    Region("US-VA", "Virginia", "US", "state"),
    Region("US-WA", "Washington", "US", "state"),
    Region("US-WV", "West Virginia", "US", "state"),
    Region("US-WI", "Wisconsin", "US", "state"),
    Region("US-WY", "Wyoming", "US", "state"),
    Region("CA-AB", "Alberta", "CA", "province"),
    Region("CA-BC", "British Columbia", "CA", "province"),
    Region("CA-MB", "Manitoba", "CA", "province"),
    Region("CA-NB", "New Brunswick", "CA", "province"),
    Region("CA-NL", "Newfoundland and Labrador", "CA", "province"),
    Region("CA-NT", "Northwest Territories", "CA", "territory"),
    Region("CA-NS", "Nova Scotia", "CA", "province"),
    Region("CA-NU", "Nunavut", "CA", "territory"),
    Region("CA-ON", "Ontario", "CA", "province"),
    Region("CA-PE", "Prince Edward Island", "CA", "province"),
    Region("CA-QC", "Quebec", "CA", "province"),
    Region("CA-SK", "Saskatchewan", "CA", "province"),
    Region("CA-YT", "Yukon", "CA", "territory"),
)
#: The UK as a whole: a place to choose, not one of the subdivisions of ``REGIONS`` (which
#: have their own pages of careers by pay).
UNITED_KINGDOM = Region(UK, "United Kingdom", UK, "country")
#: Every place a person may choose: ``REGIONS``, then the United Kingdom.
PLACES: tuple[Region, ...] = (*REGIONS, UNITED_KINGDOM)
BY_CODE: dict[str, Region] = {r.code: r for r in PLACES}
#: The units a Canadian pay minimum may be given in (``min_wage_cad_per``).
PER_CHOICES = ("hour", "year")
#: Every answer the location item accepts.
LOCATION_CHOICES: tuple[str, ...] = (*BY_CODE, ELSEWHERE)


def country_of(code: str | None) -> str | None:
    """``US``, ``CA`` or ``GB`` for a known place code; ``None`` for elsewhere, unknown or unset."""
    region = BY_CODE.get(code or "")
    return None if region is None else region.country
