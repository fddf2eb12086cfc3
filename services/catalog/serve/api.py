"""The catalog's HTTP views: thin MethodViews over :class:`~.store.CatalogStore`."""

from __future__ import annotations

import math
from typing import Any, NoReturn
from urllib.parse import quote, urlencode

import msgspec
from flask import Flask, Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser

from services.catalog.serve.extensions import app_api, current_store
from services.catalog.serve.queries import (
    CareerDetailQuerySchema,
    CareerQuerySchema,
    NoQuerySchema,
    SearchQuerySchema,
    SkillListQuerySchema,
    SkillQuerySchema,
    TechnologyDetailQuerySchema,
    TechnologyQuerySchema,
)
from services.catalog.serve.regional_schemas import RegionListSchema
from services.catalog.serve.schemas import (
    CareerPageSchema,
    CareerSchema,
    CatalogInfoSchema,
    SearchPageSchema,
    SkillDetailSchema,
    SkillListSchema,
    TechnologyDetailSchema,
    TechnologyListSchema,
)
from services.catalog.serve.topics import page_of, skill_document, technology_document
from shared.contract import snapshot

#: Clients may reuse a snapshot for a few minutes, then revalidate it with its ETag.
SNAPSHOT_CACHE_CONTROL = "public, max-age=300"

NOT_COVERED = (
    "EU pay is not shown: Eurostat publishes pay only for nine broad occupation groups, too "
    "coarse to be any career's pay. UK pay (GB) is for the whole country, and only for "
    "careers that map confidently to one UK occupation group. Elsewhere, pay is the US "
    "national figure."
)


class StrictQueryParser(FlaskParser):
    """Query arguments follow their schema's ``unknown`` (RAISE): a parameter the endpoint
    does not take (``?technology=``) is a 422 that names it, not silently ignored."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None}


blp = Blueprint(
    "catalog",
    __name__,
    url_prefix="/v1",
    description="Occupations (O*NET 29.3) with BLS OEWS May 2024 wages.",
)
blp.ARGUMENTS_PARSER = StrictQueryParser()


def _no_false_schemas(schema: Any) -> Any:
    """``schema`` with each ``false`` schema (a tuple's "no more items") written ``{"not": {}}``,
    which means the same: apispec reads a ``false`` as the name of a component."""
    if isinstance(schema, dict):
        return {
            k: {"not": {}} if v is False and k == "items" else _no_false_schemas(v)
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_no_false_schemas(item) for item in schema]
    return schema


#: Where the OpenAPI document keeps the snapshot's JSON Schema (made from its type).
SNAPSHOT_SCHEMA_REF = {"$ref": "#/components/schemas/Snapshot"}


def init_app(app: Flask) -> None:
    """Serve the API on ``app``, documented in its OpenAPI document."""
    api = app_api(app)
    (_, components) = msgspec.json.schema_components(
        [snapshot.Snapshot], ref_template="#/components/schemas/{name}"
    )
    for name, component in components.items():
        api.spec.components.schema(name, component=_no_false_schemas(component))
    api.register_blueprint(blp)


def _not_found(message: str) -> NoReturn:
    abort(404, message=message)
    raise AssertionError("abort() returned")


def _career_link(code: str) -> dict[str, str]:
    return {"self": f"{blp.url_prefix}/careers/{quote(code)}"}


def _technology_link(tech_id: str) -> dict[str, str]:
    return {"self": f"{blp.url_prefix}/technologies/{quote(tech_id)}"}


def _skill_link(skill_id: str) -> dict[str, str]:
    return {"self": f"{blp.url_prefix}/skills/{quote(skill_id)}"}


def _field_link(slug: str) -> dict[str, str]:
    # a field is a page, not an API resource
    return {"page": f"/fields/{quote(slug)}"}


def _linked_careers(careers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**career, "links": _career_link(career["code"])} for career in careers]


def _linked_technologies(technologies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**tech, "links": _technology_link(tech["id"])} for tech in technologies]


def _page_link(args: dict[str, Any], page: int) -> str:
    params = {key: value for key, value in args.items() if value not in (None, "")}
    params["page"] = page
    return f"{request.path}?{urlencode(params)}"


@blp.route("/careers")
class Careers(MethodView):
    @blp.arguments(CareerQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, CareerPageSchema)
    def get(
        self,
        page: int,
        per_page: int,
        q: str | None = None,
        job_zone: int | None = None,
        interest: str | None = None,
        region: str | None = None,
    ) -> dict[str, Any]:
        """Search and list careers.

        ``q`` searches titles and alternate titles (ranked by relevance); without it the
        careers come in code order. Filters narrow by job zone and RIASEC high point;
        ``region`` adds each career's pay in that state or province (``local_pay``).
        """
        found = current_store().list_careers(
            q, job_zone=job_zone, interest=interest, page=page, per_page=per_page, region=region
        )
        pages = math.ceil(found.total / per_page)
        args = {
            "q": q,
            "job_zone": job_zone,
            "interest": interest,
            "region": region,
            "per_page": per_page,
        }
        return {
            "total": found.total,
            "page": page,
            "per_page": per_page,
            "pages": pages,
            "items": [{**item, "links": _career_link(item["code"])} for item in found.items],
            "links": {
                "self": _page_link(args, page),
                "first": _page_link(args, 1),
                "last": _page_link(args, max(pages, 1)),
                "prev": _page_link(args, min(page - 1, max(pages, 1))) if page > 1 else None,
                "next": _page_link(args, page + 1) if page < pages else None,
            },
        }


@blp.route("/careers/<string:code>")
class Career(MethodView):
    @blp.arguments(CareerDetailQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, CareerSchema)
    @blp.alt_response(404, description="No career has this code.")
    def get(self, code: str, region: str | None = None) -> dict[str, Any]:
        """One career in full: ratings, job zone, wages (national and regional), technologies,
        related careers; ``region`` adds its pay in that state or province (``local_pay``)."""
        career = current_store().career(code, region)
        if career is None:
            _not_found(f"No career has the O*NET-SOC code {code!r}.")
        return {**career, "links": _career_link(code)}


@blp.route("/skills")
class Skills(MethodView):
    @blp.arguments(SkillListQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, SkillListSchema)
    def get(self, q: str | None = None) -> dict[str, Any]:
        """The 35 O*NET skills, in O*NET order; with ``q``, those whose name matches, best first."""
        store = current_store()
        skills = store.skills()
        if q:
            order = [r.key for r in store.topics.search(q, ("skill",))]
            by_id = {skill["id"]: skill for skill in skills}
            skills = [by_id[key] for key in order]
        items = [
            {
                **skill,
                "slug": store.topics.skill_summary(store.skill_index[skill["id"]])["slug"],
                "links": _skill_link(skill["id"]),
            }
            for skill in skills
        ]
        return {"count": len(items), "items": items}


@blp.route("/skills/<string:skill_id>")
class Skill(MethodView):
    @blp.arguments(SkillQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, SkillDetailSchema)
    @blp.alt_response(404, description="No skill has this id.")
    def get(
        self,
        skill_id: str,
        min_importance: float,
        page: int,
        per_page: int,
        region: str | None = None,
    ) -> dict[str, Any]:
        """A skill (by O*NET id, slug or name): the careers that need it, their pay, training,
        the level they need, the technologies around it, and the careers O*NET has not rated;
        ``region`` adds each career's pay in that state or province (``local_pay``).
        """
        store = current_store()
        position = store.topics.find_skill(skill_id)
        if position is None:
            _not_found(f"No skill has the id or name {skill_id!r}.")
        skill = store.skill(store.skill_list[position]["id"], min_importance, region)
        if skill is None:
            _not_found(f"No skill has the id or name {skill_id!r}.")
        document = skill_document(store.topics, position, min_importance, page, per_page)
        listing = document.pop("career_list")
        document["ecosystem"] = _linked_technologies(document["ecosystem"])
        document["unrated"]["careers"] = _linked_careers(document["unrated"]["careers"])
        start = (page - 1) * per_page
        return {
            **skill,
            **document,
            "careers": _linked_careers(skill["careers"][start : start + per_page]),
            "page": page,
            "per_page": per_page,
            "pages": listing["pages"],
        }


@blp.route("/technologies")
class Technologies(MethodView):
    @blp.arguments(TechnologyQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TechnologyListSchema)
    def get(
        self,
        page: int,
        per_page: int,
        min_careers: int,
        q: str | None = None,
        hot: bool | None = None,
        in_demand: bool | None = None,
    ) -> dict[str, Any]:
        """O*NET technology examples: most careers first, or best match first with ``q``."""
        topics = current_store().topics
        chosen = topics.list_technologies(hot=hot, in_demand=in_demand, min_careers=min_careers)
        if q:
            allowed = set(chosen)
            chosen = [
                topics.tech_by_id[r.key]
                for r in topics.search(q, ("technology",))
                if topics.tech_by_id[r.key] in allowed
            ]
        listing = page_of(chosen, page, per_page)
        listing["items"] = _linked_technologies([topics.tech_summary(t) for t in listing["items"]])
        return listing


@blp.route("/technologies/<string:tech_id>")
class Technology(MethodView):
    @blp.arguments(TechnologyDetailQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TechnologyDetailSchema)
    @blp.alt_response(404, description="No technology has this id.")
    def get(self, tech_id: str, page: int, per_page: int) -> dict[str, Any]:
        """A technology (by id or exact name): the careers that list it, their pay, training,
        salary impact and the technologies listed with it."""
        topics = current_store().topics
        position = topics.find_technology(tech_id)
        if position is None:
            _not_found(f"No technology has the id or name {tech_id!r}.")
        document = technology_document(topics, position, page, per_page)
        document["career_list"]["items"] = _linked_careers(document["career_list"]["items"])
        document["without_wage"] = _linked_careers(document["without_wage"])
        document["ecosystem"] = _linked_technologies(document["ecosystem"])
        return {**document, "links": _technology_link(document["id"])}


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(SearchQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, SearchPageSchema)
    def get(self, q: str, page: int, per_page: int, kind: str | None = None) -> dict[str, Any]:
        """One search over careers, their alternate titles, technologies and skills.

        Typos are tolerated, O*NET's short titles count ("RN"), and our own synonym list
        spells out abbreviations ("ML" -> machine learning).
        """
        topics = current_store().topics
        kinds = (kind,) if kind else ("career", "technology", "skill")
        found = topics.search(q, kinds)
        listing = page_of(found, page, per_page)
        links = {
            "career": _career_link,
            "technology": _technology_link,
            "skill": _skill_link,
            "field": _field_link,
        }
        listing["items"] = [
            {
                "kind": r.kind,
                "key": r.key,
                "title": r.title,
                "matched": r.matched,
                "score": r.score,
                "links": links[r.kind](r.key),
            }
            for r in listing["items"]
        ]
        return {"q": q, **listing}


@blp.route("/regions")
class Regions(MethodView):
    @blp.response(200, RegionListSchema)
    def get(self) -> dict[str, Any]:
        """The places with local pay: US states and territories, Canadian provinces and
        territories, by ISO 3166-2 code, with their currency, unit and source."""
        items = current_store().regions()
        return {"count": len(items), "items": items, "not_covered": NOT_COVERED}


@blp.route("/catalog")
class Catalog(MethodView):
    @blp.arguments(NoQuerySchema, location="query")
    @blp.response(200, CatalogInfoSchema)
    def get(self, _args: dict[str, Any]) -> dict[str, Any]:
        """The catalog's version, size, sources and the attribution to display."""
        return current_store().info()


@blp.route("/catalog/snapshot")
class Snapshot(MethodView):
    @blp.arguments(NoQuerySchema, location="query")
    @blp.response(200, SNAPSHOT_SCHEMA_REF, description="Gzip-encoded when the client accepts it.")
    @blp.alt_response(304, description="The client's copy (If-None-Match) is current.")
    def get(self, _args: dict[str, Any]) -> Response:
        """Every career's scoring features in one columnar document, with a strong ETag."""
        payload = current_store().snapshot_payload
        gzipped = request.accept_encodings["gzip"] > 0
        body, etag = (
            (payload.gzipped, payload.gzip_etag) if gzipped else (payload.raw, payload.etag)
        )
        headers = {
            "ETag": etag,
            "Cache-Control": SNAPSHOT_CACHE_CONTROL,
            "Vary": "Accept-Encoding",
            "X-Catalog-Version": current_store().version,
        }
        if request.if_none_match.contains_weak(etag.strip('"')):
            return Response(status=304, headers=headers)
        response = Response(body, status=200, mimetype="application/json", headers=headers)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        return response
