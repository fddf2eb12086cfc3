"""The documents the catalog API answers with, as marshmallow schemas (query arguments are
in ``queries.py``; the snapshot's schema comes from its type, ``shared.contract.snapshot``)."""

from __future__ import annotations

from marshmallow import Schema, fields

from services.catalog.serve.regional_schemas import LocalPaySchema, RegionalPaySchema


class CareerSummarySchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    job_zone = fields.Integer(allow_none=True)
    high_point = fields.String()
    median_wage = fields.Integer(allow_none=True)
    wage_top_coded = fields.Boolean()
    score = fields.Float(allow_none=True, metadata={"description": "Search relevance."})
    matched_title = fields.String(
        allow_none=True, metadata={"description": "The title that matched the search best."}
    )
    links = fields.Dict(keys=fields.String(), values=fields.String())
    local_pay = fields.Nested(LocalPaySchema, metadata={"description": "With ?region= only."})


class PageLinksSchema(Schema):
    self = fields.String(required=True)
    first = fields.String(required=True)
    last = fields.String(required=True)
    prev = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


class CareerPageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    items = fields.List(fields.Nested(CareerSummarySchema), required=True)
    links = fields.Nested(PageLinksSchema, required=True)


class JobZoneSchema(Schema):
    zone = fields.Integer(required=True)
    name = fields.String(required=True)
    svp_range = fields.String()
    experience = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    training = fields.String(allow_none=True)
    examples = fields.String(allow_none=True)


class WorkValueSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    extent = fields.Float(metadata={"description": "O*NET extent, 1-7."})


class RatedElementSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    importance = fields.Float(metadata={"description": "O*NET importance, 1-5."})
    level = fields.Float(allow_none=True, metadata={"description": "O*NET level, 0-7."})


class TechnologySchema(Schema):
    name = fields.String(required=True)
    hot = fields.Boolean(required=True)
    in_demand = fields.Boolean()


class AlternateTitleSchema(Schema):
    title = fields.String(required=True)
    short_title = fields.String(allow_none=True)


class RelatedSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(allow_none=True)
    tier = fields.String()


class ClusterSchema(Schema):
    cluster = fields.String(required=True)
    pathway = fields.String(required=True)


class TaskSchema(Schema):
    text = fields.String(required=True)
    type = fields.String(allow_none=True)


class AnnualWageSchema(Schema):
    mean = fields.Integer(allow_none=True)
    pct10 = fields.Integer(allow_none=True)
    pct25 = fields.Integer(allow_none=True)
    median = fields.Integer(allow_none=True)
    pct75 = fields.Integer(allow_none=True)
    pct90 = fields.Integer(allow_none=True)


class WageSchema(Schema):
    soc = fields.String(required=True, metadata={"description": "The OEWS SOC code used."})
    bls_title = fields.String()
    group = fields.String(metadata={"description": "OEWS O_GROUP: detailed or broad."})
    from_broad = fields.Boolean(
        metadata={"description": "True when BLS publishes only the broad occupation."}
    )
    scope = fields.String(
        metadata={
            "description": "Whose wage this is: own (the career's own SOC occupation, no "
            "other career shares it), group (a SOC occupation several careers belong to) "
            "or broad (only the broad group is published)."
        }
    )
    careers_sharing = fields.Integer(
        metadata={"description": "How many careers in the catalog use this same figure."}
    )
    employment = fields.Integer(allow_none=True)
    annual = fields.Nested(AnnualWageSchema)
    top_coded = fields.List(
        fields.String(), metadata={"description": "Figures BLS top-codes (>= $239,200 a year)."}
    )
    not_available = fields.List(
        fields.String(), metadata={"description": "Figures BLS does not estimate."}
    )
    hourly_only = fields.Boolean()
    hourly_median = fields.Float(allow_none=True)


class CareerSchema(CareerSummarySchema):
    description = fields.String(allow_none=True)
    tasks = fields.List(fields.Nested(TaskSchema), allow_none=True)
    job_zone_detail = fields.Nested(JobZoneSchema, allow_none=True)
    interests = fields.Dict(keys=fields.String(), values=fields.Float())
    work_values = fields.List(fields.Nested(WorkValueSchema), allow_none=True)
    skills = fields.List(fields.Nested(RatedElementSchema), allow_none=True)
    knowledge = fields.List(fields.Nested(RatedElementSchema))
    technologies = fields.List(fields.Nested(TechnologySchema))
    alternate_titles = fields.List(fields.Nested(AlternateTitleSchema))
    related = fields.List(fields.Nested(RelatedSchema))
    clusters = fields.List(fields.Nested(ClusterSchema), allow_none=True)
    wage = fields.Nested(WageSchema, allow_none=True)
    regional_pay = fields.Nested(RegionalPaySchema, allow_none=True)


class SkillSchema(Schema):
    id = fields.String(required=True)
    slug = fields.String()
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    careers = fields.Integer(
        metadata={"description": "Careers for which the skill has importance >= 3."}
    )
    links = fields.Dict(keys=fields.String(), values=fields.String())


class SkillListSchema(Schema):
    count = fields.Integer(required=True)
    items = fields.List(fields.Nested(SkillSchema), required=True)


class SkillCareerSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    importance = fields.Float(required=True)
    level = fields.Float(allow_none=True)
    job_zone = fields.Integer(allow_none=True)
    median_wage = fields.Integer(allow_none=True)
    wage_top_coded = fields.Boolean()
    links = fields.Dict(keys=fields.String(), values=fields.String())
    local_pay = fields.Nested(LocalPaySchema, metadata={"description": "With ?region= only."})


class FigureSchema(Schema):
    value = fields.Integer(allow_none=True)
    top_coded = fields.Boolean(
        metadata={"description": "The figure is only known to be at least the BLS top code."}
    )


class PaySchema(Schema):
    pct25 = fields.Nested(FigureSchema, required=True)
    median = fields.Nested(FigureSchema, required=True)
    pct75 = fields.Nested(FigureSchema, required=True)
    occupations = fields.Integer(metadata={"description": "Distinct BLS occupations behind it."})
    employment = fields.Integer(metadata={"description": "Their total employment (weights)."})
    top_code = fields.Integer()
    method = fields.String(required=True)


class ZoneImpactSchema(Schema):
    job_zone = fields.Integer(required=True)
    careers = fields.Integer(required=True)
    median = fields.Integer(required=True)
    others = fields.Integer(required=True)
    others_median = fields.Integer(required=True)


class SalaryImpactSchema(Schema):
    value = fields.Integer(
        allow_none=True, metadata={"description": "Dollars a year; null when too few careers."}
    )
    careers = fields.Integer(required=True)
    by_zone = fields.List(fields.Nested(ZoneImpactSchema))
    method = fields.String(required=True)


class ZoneCountSchema(Schema):
    job_zone = fields.Integer(required=True)
    careers = fields.Integer(required=True)
    name = fields.String()
    svp_range = fields.String()


class TrainingSchema(Schema):
    by_zone = fields.List(fields.Nested(ZoneCountSchema))
    typical = fields.Nested(ZoneCountSchema, allow_none=True)


class LevelSchema(Schema):
    pct25 = fields.Float()
    median = fields.Float()
    pct75 = fields.Float()
    method = fields.String()


class TechnologySummarySchema(Schema):
    id = fields.String(required=True, metadata={"description": "Stable id, also the URL slug."})
    name = fields.String(required=True)
    hot = fields.Boolean(required=True)
    in_demand = fields.Boolean(required=True)
    in_demand_careers = fields.Integer()
    careers = fields.Integer(required=True, metadata={"description": "Careers that list it."})
    commodity = fields.String(allow_none=True)
    page = fields.Boolean(metadata={"description": "Whether it has a full page."})
    shared_careers = fields.Integer()
    links = fields.Dict(keys=fields.String(), values=fields.String())


class CareerBriefSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    job_zone = fields.Integer(allow_none=True)
    median_wage = fields.Integer(allow_none=True)
    wage_top_coded = fields.Boolean()
    in_demand = fields.Boolean()
    importance = fields.Float()
    level = fields.Float(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class ListPageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class CareerListPageSchema(ListPageSchema):
    items = fields.List(fields.Nested(CareerBriefSchema), required=True)


class TechnologyListSchema(ListPageSchema):
    items = fields.List(fields.Nested(TechnologySummarySchema), required=True)


class TechnologyDetailSchema(TechnologySummarySchema):
    pay = fields.Nested(PaySchema, required=True)
    salary_impact = fields.Nested(SalaryImpactSchema, required=True)
    training = fields.Nested(TrainingSchema, required=True)
    ecosystem = fields.List(fields.Nested(TechnologySummarySchema), required=True)
    without_wage = fields.List(fields.Nested(CareerBriefSchema))
    career_list = fields.Nested(CareerListPageSchema, required=True)


class UnratedSchema(Schema):
    count = fields.Integer(required=True)
    careers = fields.List(fields.Nested(CareerBriefSchema), required=True)


class SearchResultSchema(Schema):
    kind = fields.String(required=True)
    key = fields.String(required=True)
    title = fields.String(required=True)
    matched = fields.String()
    score = fields.Float()
    links = fields.Dict(keys=fields.String(), values=fields.String())


class SearchPageSchema(ListPageSchema):
    q = fields.String()
    items = fields.List(fields.Nested(SearchResultSchema), required=True)


class SkillDetailSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    min_importance = fields.Float(required=True)
    count = fields.Integer(required=True)
    median_wage = fields.Integer(
        allow_none=True, metadata={"description": "Median of these careers' median wages."}
    )
    median_wage_top_coded = fields.Boolean()
    careers_with_wage = fields.Integer()
    careers = fields.List(
        fields.Nested(SkillCareerSchema),
        required=True,
        metadata={"description": "This page of the careers (page, per_page)."},
    )
    slug = fields.String()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    level = fields.Nested(LevelSchema)
    pay = fields.Nested(PaySchema)
    salary_impact = fields.Nested(SalaryImpactSchema)
    training = fields.Nested(TrainingSchema)
    ecosystem = fields.List(fields.Nested(TechnologySummarySchema))
    unrated = fields.Nested(UnratedSchema)


class AttributionSchema(Schema):
    onet = fields.String(required=True)
    modifications = fields.String(required=True)
    bls = fields.String(required=True)
    career_clusters = fields.String()
    ons = fields.String(metadata={"description": "ONS's credit for UK pay (OGL v3.0)."})
    license_urls = fields.List(fields.String())


class CatalogInfoSchema(Schema):
    version = fields.String(required=True)
    careers = fields.Integer(required=True)
    source = fields.Dict(keys=fields.String(), values=fields.String())
    attribution = fields.Nested(AttributionSchema, required=True)
    descriptions = fields.Boolean(
        metadata={"description": "Whether O*NET's descriptions are available on this server."}
    )
