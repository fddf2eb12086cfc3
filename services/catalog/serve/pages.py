"""Server-rendered pages over the catalog: careers, skills, technologies, search, sitemap
(the field pages are in ``field_pages.py``).

The catalog serves them because it owns the data they show; no other service is involved
(see docs/pages.md). Every page is plain HTML with one same-origin stylesheet, served under
a Content-Security-Policy without inline scripts or styles; a career page carries its
schema.org ``Occupation`` as a JSON-LD data block, which is data, not script. Unknown query
parameters are ignored here (shared links carry ``utm_`` tags); the JSON API refuses them.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape  # nosec B406 - escapes what we write; parses nothing

from flask import Blueprint, Flask, Response, redirect, request
from flask.typing import ResponseReturnValue

from services.catalog.serve import rendering
from services.catalog.serve.extensions import current_store
from services.catalog.serve.figures import METHODS
from services.catalog.serve.jsonld import occupation
from services.catalog.serve.regional_pages import (
    group_places,
    pay_by_place,
    pay_levels_at,
    region_careers,
    region_index,
)
from services.catalog.serve.rendering import (
    base_url,
    career_path,
    interest_chart,
    money,
    not_found,
    page_number,
    region_path,
    render,
    skill_path,
    tech_path,
)
from services.catalog.serve.topics import skill_document, technology_document
from shared.regions import BY_CODE, ELSEWHERE, PLACES

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 30
TECHNOLOGY_LIST_SIZE = 100

bp = Blueprint("pages", __name__, template_folder="templates", static_folder=None)


def init_app(app: Flask) -> None:
    """Register the pages, their template helpers and the strict headers they are served with."""
    from services.catalog.serve import field_pages

    rendering.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(field_pages.bp)


# --- pages --------------------------------------------------------------------------------


@bp.get("/")
def home() -> ResponseReturnValue:
    """The search page, with the skills and the hottest technologies to start from."""
    topics = current_store().topics
    hot = [topics.tech_summary(t) for t in topics.list_technologies(hot=True)[:24]]
    skills = [topics.skill_summary(i) for i in range(len(topics.skill_list))]
    return render(
        "search.html",
        q="",
        results=None,
        hot=hot,
        skills=skills,
        canonical=base_url() + "/",
        title="Careers, skills and technologies",
        description=(
            "Look up careers, the skills they need and the technologies they use, with pay from "
            "the BLS and data from O*NET."
        ),
    )


@bp.get("/search")
def search() -> ResponseReturnValue:
    """One search over careers, alternate titles, technologies and skills."""
    q = request.args.get("q", "").strip()[:200]
    if not q:
        return redirect("/", code=302)
    topics = current_store().topics
    found = topics.search(q)
    page = page_number()
    pages = max(1, math.ceil(len(found) / SEARCH_PAGE_SIZE))
    page = min(page, pages)
    shown = found[(page - 1) * SEARCH_PAGE_SIZE : page * SEARCH_PAGE_SIZE]
    results = []
    for r in shown:
        if r.kind == "career":
            path, label = career_path(r.key), "Career"
        elif r.kind == "technology":
            path, label = tech_path(r.key), "Technology"
        elif r.kind == "field":
            path, label = f"/fields/{r.key}", "Field"
        else:
            path = skill_path(topics.skill_summary(topics.find_skill(r.key) or 0)["slug"])
            label = "Skill"
        results.append(
            {"kind": r.kind, "label": label, "title": r.title, "path": path, "matched": r.matched}
        )
    return render(
        "search.html",
        q=q,
        results=results,
        total=len(found),
        page=page,
        pages=pages,
        hot=[],
        skills=[],
        canonical=None,
        noindex=True,
        title=f"Search: {q}",
        description=f"Careers, skills and technologies matching “{q}”.",
    )


@bp.get("/careers/<code>")
def career_page(code: str) -> ResponseReturnValue:
    """A career: what it is, interests, training, pay, skills, technologies, related careers."""
    store = current_store()
    career = store.career(code)
    if career is None:
        return not_found(f"No career has the O*NET-SOC code {code}.")
    topics = store.topics
    position = store.by_code[code]
    technologies = sorted(
        (
            {**topics.tech_summary(t), "career_in_demand": bool(flag)}
            for t, flag in store.careers[position]["technologies"]
        ),
        key=lambda t: (not t["career_in_demand"], not t["hot"], -t["careers"], t["name"]),
    )
    skills = None
    if career["skills"] is not None:
        skills = sorted(
            (
                {**s, "slug": topics.skill_summary(store.skill_index[s["id"]])["slug"]}
                for s in career["skills"]
                if s["importance"] >= 3.0
            ),
            key=lambda s: (-s["importance"], -(s["level"] or 0), s["name"]),
        )
    canonical = f"{base_url()}{career_path(code)}"
    wage = career["wage"]
    median = money(career["median_wage"], career["wage_top_coded"]) if wage else None
    description = (
        f"{career['title']} (O*NET-SOC {code}): what they do, training (Job Zone "
        f"{career['job_zone']}), pay{f' (median {median} a year)' if median else ''}, skills "
        "and technologies."
    )
    place, place_error = _chosen_place()
    return render(
        "career.html",
        400 if place_error else 200,
        career=career,
        chart=interest_chart(career["interests"], career["high_point"]),
        technologies=technologies,
        skills=skills,
        canonical=canonical,
        title=f"{career['title']}: pay, training, skills",
        description=description,
        jsonld=occupation(career, canonical, skills or []),
        places=pay_by_place(career.get("regional_pay")),
        place=place,
        place_levels=pay_levels_at(career.get("regional_pay"), place) if place else None,
        place_error=place_error,
        place_name=BY_CODE[place].name if place else None,
        regions=[{"code": r.code, "name": r.name} for r in PLACES],
        fields=[] if store.fields is None else store.fields.of_career(code),
        uk_pay=(career.get("regional_pay") or {}).get("uk"),
    )


def _chosen_place() -> tuple[str | None, str | None]:
    """The ``?place=`` a career page opens at (a region code; ``elsewhere`` is none), or why
    it is not one."""
    place = request.args.get("place", "").strip()
    if not place or place == ELSEWHERE:
        return None, None
    if place not in BY_CODE:
        return None, (
            f"place: “{place[:40]}” is not a US state or territory or a Canadian province or "
            "territory; choose one below."
        )
    return place, None


def _skill_position(key: str) -> int | None:
    return current_store().topics.find_skill(key)


@bp.get("/skills/")
def skills_page() -> ResponseReturnValue:
    """The 35 O*NET skills."""
    store = current_store()
    topics = store.topics
    skills = [
        {**topics.skill_summary(i), "careers": item["careers"]}
        for i, item in enumerate(store.skills())
    ]
    return render(
        "skills.html",
        skills=skills,
        canonical=base_url() + "/skills/",
        title="Skills",
        description="The 35 O*NET skills, with how many careers need each one.",
    )


@bp.get("/skills/<key>")
def skill_page(key: str) -> ResponseReturnValue:
    """A skill: the careers that need it, the level they need, their pay and training."""
    topics = current_store().topics
    i = _skill_position(key)
    if i is None:
        return _field_or_not_found(key, f"No skill is called {key}.")
    slug = topics.skill_summary(i)["slug"]
    if key != slug:
        return redirect(skill_path(slug), code=301)
    page = page_number()
    doc = skill_document(topics, i, page=page, per_page=PAGE_SIZE)
    description_text = current_store().element_description(doc["id"])
    pay = doc["pay"]["median"]
    return render(
        "topic.html",
        kind="skill",
        topic=doc,
        topic_description=description_text,
        methods=METHODS,
        places=_group_places(topics.skill(i)["career_positions"]),
        fields=_fields_of("skill", doc["id"]),
        canonical=f"{base_url()}{skill_path(slug)}" + (f"?page={page}" if page > 1 else ""),
        title=f"{doc['name']}: careers that need it, level and pay",
        description=(
            f"{doc['count']} careers need the O*NET skill {doc['name']}; median level "
            f"{doc['level'].get('median', 'n/a')} of 7; employment-weighted median pay "
            f"{money(pay['value'], pay['top_coded'])}."
        ),
    )


@bp.get("/technologies/")
def technologies_page() -> ResponseReturnValue:
    """Technologies with a full page, most careers first; ``?name=`` finds one by its name."""
    topics = current_store().topics
    name = request.args.get("name", "").strip()
    if name:
        t = topics.find_technology(name)
        if t is None:
            return redirect("/search?q=" + quote(name), code=302)
        return redirect(tech_path(topics.tech_ids[t]), code=302)
    chosen = [t for t in topics.list_technologies() if topics.has_page(t)]
    page = page_number()
    pages = max(1, math.ceil(len(chosen) / TECHNOLOGY_LIST_SIZE))
    page = min(page, pages)
    shown = chosen[(page - 1) * TECHNOLOGY_LIST_SIZE : page * TECHNOLOGY_LIST_SIZE]
    return render(
        "technologies.html",
        technologies=[topics.tech_summary(t) for t in shown],
        total=len(chosen),
        all_total=len(topics.tech_records),
        page=page,
        pages=pages,
        canonical=base_url() + "/technologies/" + (f"?page={page}" if page > 1 else ""),
        title="Technologies",
        description=(
            "Software and technologies that O*NET lists for careers, with the careers and pay "
            "behind each."
        ),
    )


@bp.get("/technologies/<tech_id>")
def technology_page(tech_id: str) -> ResponseReturnValue:
    """A technology: careers that list it, their pay and training, its ecosystem."""
    topics = current_store().topics
    t = topics.find_technology(tech_id)
    if t is None:
        return _field_or_not_found(tech_id, f"No technology has the id {tech_id}.")
    if topics.tech_ids[t] != tech_id:
        return redirect(tech_path(topics.tech_ids[t]), code=301)
    page = page_number()
    doc = technology_document(topics, t, page=page, per_page=PAGE_SIZE)
    pay = doc["pay"]["median"]
    thin = not doc["page"]
    return render(
        "topic.html",
        kind="technology",
        topic=doc,
        topic_description=None,
        methods=METHODS,
        places=_group_places(topics.technology(t)["career_positions"]),
        fields=_fields_of("technology", doc["name"]),
        thin=thin,
        noindex=thin,
        canonical=f"{base_url()}{tech_path(doc['id'])}" + (f"?page={page}" if page > 1 else ""),
        title=f"{doc['name']}: careers that use it and their pay",
        description=(
            f"{doc['careers']} career{'s' if doc['careers'] != 1 else ''} list {doc['name']} "
            f"(O*NET); employment-weighted median pay {money(pay['value'], pay['top_coded'])}."
        ),
    )


def _field_or_not_found(key: str, what: str) -> ResponseReturnValue:
    """A field's page when ``key`` is a field's slug (``/skills/machine-learning``), else 404."""
    fields = current_store().fields
    if fields is not None and key in fields.by_slug:
        return redirect(f"/fields/{key}", code=301)
    return not_found(what)


def _fields_of(kind: str, key: str) -> list[dict[str, Any]]:
    fields = current_store().fields
    if fields is None:
        return []
    return fields.of_skill(key) if kind == "skill" else fields.of_technology(key)


def _group_places(positions: list[int]) -> dict[str, Any] | None:
    store = current_store()
    return group_places(store.regional, [store.careers[p]["code"] for p in positions])


@bp.get("/regions/")
def regions_page() -> ResponseReturnValue:
    """The US states and territories and Canada's provinces and territories with a page."""
    regional = current_store().regional
    if regional is None:
        return not_found("Regional pay was not built.")
    return render(
        "regions.html",
        places=region_index(regional),
        canonical=base_url() + "/regions/",
        title="Pay by state and province",
        description="Best-paid and most-employed careers in each US state and territory "
        "(BLS OEWS May 2024) and each Canadian province and territory (Job Bank 2024).",
    )


@bp.get("/regions/<code>")
def region_page(code: str) -> ResponseReturnValue:
    """A state or province: its best-paid and (US) most-employed careers."""
    store = current_store()
    regional = store.regional
    if regional is None or code not in regional.regions:
        return not_found(f"No state or province has the code {code}.")
    titles = {c["code"]: c["title"] for c in store.careers}
    bls_titles = {c["wage"]["soc"]: c["wage"]["bls_title"] for c in store.careers if c["wage"]}
    place = region_careers(regional, code, titles, bls_titles)
    return render(
        "region.html",
        place=place,
        canonical=f"{base_url()}{region_path(code)}",
        title=f"{place['name']}: best-paid and most-employed careers",
        description=f"Careers by pay in {place['name']}. Source: {place['source']}.",
    )


@bp.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    """Every page worth indexing: careers, skills, technologies with a full page, lists."""
    store = current_store()
    topics = store.topics
    base = base_url()
    paths = ["/", "/skills/", "/technologies/"]
    if store.fields is not None:
        paths += ["/fields/", *(f"/fields/{f['slug']}" for f in store.fields.fields)]
    if store.regional is not None:
        paths += ["/regions/", *(region_path(code) for code in store.regional.regions)]
    paths += [career_path(c["code"]) for c in store.careers]
    paths += [skill_path(slug) for slug in topics.skill_slugs]
    paths += [
        tech_path(topics.tech_ids[t]) for t in range(len(topics.tech_records)) if topics.has_page(t)
    ]
    body = ['<?xml version="1.0" encoding="UTF-8"?>']
    body.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    body += [f"<url><loc>{escape(base + path)}</loc></url>" for path in paths]
    body.append("</urlset>")
    return Response("\n".join(body) + "\n", mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    """Crawlers may read every page; the sitemap lists them."""
    text = f"User-agent: *\nAllow: /\nDisallow: /search\nSitemap: {base_url()}/sitemap.xml\n"
    return Response(text, mimetype="text/plain")
