"""The catalog's HTTP views: thin MethodViews over :class:`services.catalog.store.CatalogStore`."""

from __future__ import annotations

import math
from typing import Any, NoReturn
from urllib.parse import quote, urlencode

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.catalog.app import current_store
from services.catalog.regional_schemas import RegionListSchema
from services.catalog.schemas import (
    CareerDetailQuerySchema,
    CareerPageSchema,
    CareerQuerySchema,
    CareerSchema,
    CatalogInfoSchema,
    SkillDetailSchema,
    SkillListSchema,
    SkillQuerySchema,
    SnapshotSchema,
)

#: Clients may reuse a snapshot for a few minutes, then revalidate it with its ETag.
SNAPSHOT_CACHE_CONTROL = "public, max-age=300"

NOT_COVERED = (
    "UK and EU pay are not shown: no crosswalk from their occupation codes to the US ones "
    "could be sourced. Elsewhere, pay is the US national figure."
)

blp = Blueprint(
    "catalog",
    __name__,
    url_prefix="/v1",
    description="Occupations (O*NET 29.3) with BLS OEWS May 2024 wages.",
)


def _not_found(message: str) -> NoReturn:
    abort(404, message=message)
    raise AssertionError("abort() returned")


def _career_link(code: str) -> dict[str, str]:
    return {"self": f"{blp.url_prefix}/careers/{quote(code)}"}


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
    @blp.response(200, SkillListSchema)
    def get(self) -> dict[str, Any]:
        """The 35 O*NET skills, in O*NET order."""
        items = [
            {**skill, "links": {"self": f"{blp.url_prefix}/skills/{skill['id']}"}}
            for skill in current_store().skills()
        ]
        return {"count": len(items), "items": items}


@blp.route("/skills/<string:skill_id>")
class Skill(MethodView):
    @blp.arguments(SkillQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, SkillDetailSchema)
    @blp.alt_response(404, description="No skill has this id.")
    def get(
        self, skill_id: str, min_importance: float, region: str | None = None
    ) -> dict[str, Any]:
        """The careers that need a skill, most important first, with their pay (and, with
        ``region``, their pay in that state or province)."""
        skill = current_store().skill(skill_id, min_importance, region)
        if skill is None:
            _not_found(f"No skill has the id {skill_id!r}.")
        skill["careers"] = [
            {**career, "links": _career_link(career["code"])} for career in skill["careers"]
        ]
        return skill


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
    @blp.response(200, CatalogInfoSchema)
    def get(self) -> dict[str, Any]:
        """The catalog's version, size, sources and the attribution to display."""
        return current_store().info()


@blp.route("/catalog/snapshot")
class Snapshot(MethodView):
    @blp.response(200, SnapshotSchema, description="Gzip-encoded when the client accepts it.")
    @blp.alt_response(304, description="The client's copy (If-None-Match) is current.")
    def get(self) -> Response:
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
