"""The field pages: ``/fields/`` and ``/fields/<slug>``, rendered from the built ``fields.json``.

Every figure was computed by the catalog build (``build/fields.py``); a page only joins it
with the careers' titles and pay and the technologies' pages. ``?place=`` (a US state or a
Canadian province or territory, ISO 3166-2, ``CA`` for Canada, or ``GB`` for the United
Kingdom) adds the field's pay there; in the UK also each career's UK group and figures.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from services.catalog.layout import CANADA_NATIONAL, SOURCES, US_NATIONAL
from services.catalog.serve.extensions import current_store
from services.catalog.serve.fields import FieldIndex
from services.catalog.serve.figures import METHODS, MIN_IMPACT_CAREERS, MIN_ZONE_SIDE
from services.catalog.serve.rendering import base_url, money, not_found, render
from services.catalog.serve.topics import career_brief
from shared import pay
from shared.regions import UK, UNITED_KINGDOM

bp = Blueprint("fields", __name__, template_folder="templates", static_folder=None)

FIELD_METHODS = {
    "careers": (
        "A career belongs to the field when O*NET lists at least the stated number of the "
        "field's technologies for it, or rates it at least the stated level (0 to 7) on every "
        "one of the field's skills, or has every one of the field's knowledge areas among its "
        "five most important at the stated level; the rule at the top of the page says "
        "which parts apply. "
        "Careers are ranked by how central the field is to them: the mean, over the parts of "
        "the rule, of the share of the field's technologies they list and of their levels out "
        "of 7."
    ),
    "pay": (
        "Each distinct BLS occupation behind the field's careers counts once, weighted by its "
        "employment (OEWS TOT_EMP); each figure is the employment-weighted median of the "
        "occupations' own 10th, 25th, 50th (median), 75th and 90th percentile annual wages. "
        "A figure BLS top-codes is only known to be at least the top code."
    ),
    "place_us": (
        "The same method over the state's figures (BLS OEWS May 2024, state). A blank state "
        "cell may be a top-coded or an unpublished wage: a figure is shown only when it is the "
        "same whether the blank cells rank lowest or highest."
    ),
    "place_canada": (
        "The median, over the distinct sets of NOC codes the field's careers map to, of Job "
        "Bank's low, median and high hourly wages in Canadian dollars (not converted, not "
        "weighted: Job Bank publishes no employment)."
    ),
    "place_uk": (
        "Each career with a confident UK figure takes the ONS ASHE 2024 (provisional) figures "
        "of its UK occupation group (SOC 2020), in pounds, not converted. The field's figure "
        "at each level is the median over the distinct UK groups of its careers (each group "
        "counted once, not weighted by jobs) of the groups' published figures, rounded to the "
        "pound; it is given only when at least {min_groups} groups publish that level. A "
        "figure ONS does not publish is never estimated."
    ),
    "education": (
        "O*NET's Education, Training and Experience ratings (Required Level of Education): the "
        "share of job holders who say each level is needed, averaged over the field's careers "
        "that O*NET has rated (each career counts once)."
    ),
    "tools": (
        "The field's own technologies, with how many of its careers O*NET lists each for. A "
        "field defined by skills or knowledge shows the technologies most specific to its "
        "careers instead: "
    )
    + METHODS["ecosystem"],
    "related": "Other fields that share the most careers with this one, then the most tools.",
}


@bp.get("/fields/")
def fields_index() -> ResponseReturnValue:
    """Every field, with its career count and median pay."""
    fields = current_store().fields
    if fields is None:
        return not_found("Field pages were not built.")
    items = [
        {
            "slug": f["slug"],
            "name": f["name"],
            "careers": len(f["careers"]),
            "median": f["pay"]["median"],
            "synonyms": f["synonyms"],
        }
        for f in fields.fields
    ]
    items.sort(key=lambda f: f["name"].casefold())
    return render(
        "fields.html",
        fields=items,
        min_careers=fields.document["min_careers"],
        canonical=base_url() + "/fields/",
        title="Fields",
        description="Fields people search for (Machine Learning & AI, Nursing, Skilled Trades, "
        "...): the careers each leads to, their pay, training and tools, from O*NET and the BLS.",
    )


@bp.get("/fields/<slug>")
def field_page(slug: str) -> ResponseReturnValue:
    """A field: its careers, pay by level here and in a place, salary impact, training, tools."""
    store = current_store()
    fields = store.fields
    if fields is None or slug not in fields.by_slug:
        return not_found(f"No field is called {slug}.")
    place_code = request.args.get("place", "").strip()
    places = _places()
    if place_code and place_code not in places:
        return render(
            "bad_request.html",
            status=400,
            what=f"place: {place_code[:40]} is not a US state or Canadian province code (for "
            "example US-CA or CA-ON), CA (Canada) or GB (United Kingdom).",
            canonical=None,
        )
    field = fields.by_slug[slug]
    doc = field_view(field, fields)
    canonical = f"{base_url()}/fields/{slug}"
    median = field["pay"]["median"]
    return render(
        "field.html",
        field=field,
        view=doc,
        places=places,
        place=_place_figures(field, place_code, places) if place_code else None,
        place_code=place_code,
        methods=FIELD_METHODS,
        impact_method=METHODS["salary_impact"],
        min_impact=MIN_IMPACT_CAREERS,
        min_zone=MIN_ZONE_SIDE,
        canonical=canonical,
        noindex=bool(place_code),
        jsonld=field_jsonld(field, doc["careers"], canonical),
        title=f"{field['name']}: careers, pay by level, training and tools",
        description=(
            f"{len(field['careers'])} careers use {field['name']} (O*NET); employment-weighted "
            f"median pay {money(median['value'], median['top_coded'])} (BLS OEWS May 2024)."
        ),
    )


def field_view(field: dict[str, Any], fields: FieldIndex) -> dict[str, Any]:
    """The field joined with what the page links to: career titles and pay, tool pages."""
    store = current_store()
    topics = store.topics
    careers = []
    for item in field["careers"]:
        career = store.careers[store.by_code[item["code"]]]
        careers.append({**career_brief(career), "centrality": item["centrality"]})
    tools = []
    for tool in field["tools"]["items"]:
        t = topics.find_technology(tool["name"])
        tools.append({**tool, "id": None if t is None else topics.tech_ids[t]})
    related = [{**item, "name": fields.by_slug[item["slug"]]["name"]} for item in field["related"]]
    skills = [
        {**s, "slug": topics.skill_summary(topics.find_skill(s["id"]) or 0)["slug"]}
        for s in field["rule"]["skills"]
    ]
    return {"careers": careers, "tools": tools, "related": related, "skills": skills}


def _places() -> dict[str, dict[str, str]]:
    """The places a field page can show pay for: code -> name and country."""
    regional = current_store().regional
    if regional is None:
        return {}
    places = {CANADA_NATIONAL: {"name": "Canada", "country": CANADA_NATIONAL}}
    for code, region in regional.regions.items():
        if region.country in (US_NATIONAL, CANADA_NATIONAL):
            places[code] = {"name": region.name, "country": region.country}
    places[UK] = {"name": UNITED_KINGDOM.name, "country": UK}
    return places


def _place_figures(
    field: dict[str, Any], code: str, places: dict[str, dict[str, str]]
) -> dict[str, Any]:
    place = places[code]
    country = place["country"]
    regional = current_store().regional
    if country == UK:
        return _uk_figures(field, place["name"])
    return {
        "code": code,
        "name": place["name"],
        "country": country,
        "figures": field["place_pay"].get(code),
        "source": SOURCES[country],
        "method": FIELD_METHODS["place_us" if country == US_NATIONAL else "place_canada"],
        "hours_per_year": None if regional is None else regional.hours_per_year,
    }


def _uk_figures(field: dict[str, Any], name: str) -> dict[str, Any]:
    """The field's UK pay by level and each of its careers' UK group and figures."""
    store = current_store()
    regional = store.regional
    careers = []
    for item in field["careers"]:
        career = store.careers[store.by_code[item["code"]]]
        uk = None if regional is None else regional.uk(item["code"])
        careers.append({"code": item["code"], "title": career["title"], "uk": uk})
    # a field page is only served from a loaded fields.json
    min_groups: int = 0 if store.fields is None else store.fields.document["min_uk_groups"]
    return {
        "code": UK,
        "name": name,
        "country": UK,
        "figures": field["uk_pay"],
        "careers": careers,
        "min_groups": min_groups,
        "source": SOURCES[UK],
        "attribution": pay.UK_ATTRIBUTION,
        "limits": pay.UK_LIMITS,
        "method": FIELD_METHODS["place_uk"].format(min_groups=min_groups),
    }


def field_jsonld(field: dict[str, Any], careers: list[dict[str, Any]], url: str) -> dict[str, Any]:
    """The field as a schema.org ``CollectionPage`` about a ``DefinedTerm``, listing its
    careers as ``Occupation`` items with their O*NET-SOC codes."""
    base = url.rsplit("/fields/", 1)[0]
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": field["name"],
        "url": url,
        "about": {
            "@type": "DefinedTerm",
            "name": field["name"],
            "alternateName": field["synonyms"],
            "inDefinedTermSet": f"{base}/fields/",
        },
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(careers),
            "itemListOrder": "https://schema.org/ItemListOrderDescending",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i,
                    "item": {
                        "@type": "Occupation",
                        "name": c["title"],
                        "url": f"{base}/careers/{c['code']}",
                        "occupationalCategory": {
                            "@type": "CategoryCode",
                            "codeValue": c["code"],
                            "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC 2019"},
                        },
                    },
                }
                for i, c in enumerate(careers, start=1)
            ],
        },
    }
