"""Schemas at the boundary, in: query parameters and request bodies.

Values a ledger column also holds are checked by the ingest's own column
parsers (:func:`gongjian.ingest.parse.parser`) and the model's enums, so the API
accepts what a ledger accepts (``高`` or ``high``, ``2025/5/6`` or ``2025-05-06``)
and rejects it with the same reason. A parser's error becomes a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from gongjian.ingest.parse import CellError, parser, visible
from gongjian.model import (
    CATEGORY,
    LABELS,
    NEED_STATUS,
    NODE_TYPES,
    PROJECT_STATUS,
    RESOURCE_STATUS,
    TABLES,
    UNIT_TYPE,
    URGENCY,
    Enum,
)

MAX_LIMIT = 500
MAX_DEPTH = 3
MAX_Q = 200
MAX_ID = 100
MAX_BENEFICIARIES = 100_000_000


# --------------------------------------------------------------- validators


def _valid_unicode(value: Any) -> Any:
    """Reject text that cannot be stored as UTF-8 (a lone surrogate from ``"\\ud800"`` in JSON)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("含有无效的字符（孤立的代理码位），无法保存") from None
    return value


def enum_word(enum: Enum) -> BeforeValidator:
    """A model enum's code from any word users type for it (``待认领`` or ``open``)."""

    def check(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"应为以下之一：{enum.words()}")
        code = enum.parse(value)
        if code is None:
            raise ValueError(f"应为以下之一：{enum.words()}")
        return code

    return BeforeValidator(check)


def ledger(table: str, column: str) -> BeforeValidator:
    """Parse a value the way the ingest parses that column's cell (same rules, same messages)."""
    t = TABLES[table]
    col = t.column(column)
    parse = parser(col)

    def check(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"{col.zh}的类型不对")
        _valid_unicode(value)
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{col.zh}含有空字符（NUL）")
        if isinstance(value, str) and not visible(value):
            if col.required:
                raise ValueError(f"{col.zh}不能为空")
            return None
        try:
            parsed = parse(value)
        except CellError as e:
            raise ValueError(f"{col.zh}：{e}") from None
        if col.required and parsed in ("", None):
            raise ValueError(f"{col.zh}不能为空")
        return parsed

    return BeforeValidator(check)


def _label_word(value: Any) -> Any:
    """A node label from its code name or Chinese name (``Need`` or ``需求``)."""
    if isinstance(value, str):
        for label, t in NODE_TYPES.items():
            if value.strip() in (label, t.zh) or value.strip().lower() == label.lower():
                return label
    return value


Text = Annotated[str, AfterValidator(_valid_unicode)]
Id = Annotated[str, Field(min_length=1, max_length=MAX_ID), AfterValidator(_valid_unicode)]
PathId = Annotated[str, Path(min_length=1, max_length=MAX_ID, description="编码（区划为区划代码）")]
Label = Annotated[Literal[LABELS], BeforeValidator(_label_word)]  # type: ignore[valid-type]


# ------------------------------------------------------------ query models


class Page(BaseModel):
    offset: int = Field(0, ge=0, le=10_000_000, description="跳过的条数")
    limit: int = Field(50, ge=0, le=MAX_LIMIT, description=f"每页条数（0–{MAX_LIMIT}）")


class AreaFilters(Page):
    level: Annotated[str | None, enum_word(TABLES["areas"].column("level").enum)] = Field(  # type: ignore[arg-type]
        None, description="层级：省 province … 单元 block"
    )
    parent: Id | None = Field(None, description="上级区划代码（只列直属下级）")


class UnitFilters(Page):
    area: Id | None = Field(None, description="区划代码（含下级区划）")
    type: Annotated[str | None, enum_word(UNIT_TYPE)] = Field(None, description=UNIT_TYPE.words())


class NeedFilters(Page):
    area: Id | None = Field(None, description="区划代码（含下级区划）")
    status: Annotated[str | None, enum_word(NEED_STATUS)] = Field(None, description=NEED_STATUS.words())
    category: Annotated[str | None, enum_word(CATEGORY)] = Field(None, description="需求类别")
    urgency: Annotated[str | None, enum_word(URGENCY)] = Field(None, description=URGENCY.words())


class ResourceFilters(Page):
    unit: Id | None = Field(None, description="提供单位编码")
    status: Annotated[str | None, enum_word(RESOURCE_STATUS)] = Field(
        None, description=RESOURCE_STATUS.words()
    )
    category: Annotated[str | None, enum_word(CATEGORY)] = Field(None, description="资源类别")
    area: Id | None = Field(
        None, description="区划代码（含下级）：提供单位位于其中，或服务范围覆盖其中的区划"
    )


class ProjectFilters(Page):
    status: Annotated[str | None, enum_word(PROJECT_STATUS)] = Field(None, description=PROJECT_STATUS.words())
    unit: Id | None = Field(None, description="认领单位编码")
    area: Id | None = Field(None, description="区划代码（含下级区划）")


class AgreementFilters(Page):
    party: Id | None = Field(None, description="签约方编码（甲方或乙方）")
    area: Id | None = Field(None, description="区划代码（含下级）：甲方为其中的区划或建在其中的党组织")
    category: Annotated[str | None, enum_word(CATEGORY)] = Field(None, description="共建领域")
    in_force: bool | None = Field(None, description="只列今天有效（true）或无效（false）的协议")


class SearchQuery(BaseModel):
    q: str = Field(min_length=1, max_length=MAX_Q, description="名称、编码或拼音（全拼/首字母）")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    label: list[Label] = Field(default_factory=list, description="只搜这些类型（可重复）")


class PathsQuery(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    src: Id = Field(alias="from", description="起点编码")
    dst: Id = Field(alias="to", description="终点编码")
    max_hops: int = Field(6, alias="max", ge=1, le=8, description="最多几跳")
    k: int = Field(3, ge=1, le=10, description="最多几条路径")


class NeighbourhoodQuery(BaseModel):
    depth: int = Field(1, ge=1, le=MAX_DEPTH)
    limit: int = Field(200, ge=1, le=MAX_LIMIT, description="最多返回的节点数")


class MatchesQuery(BaseModel):
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


class StatsQuery(BaseModel):
    area: Id | None = Field(None, description="区划代码；不填为全库")


# ------------------------------------------------------------------ bodies


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _required(value: Any) -> Any:
    """Given explicitly as null: this field cannot be cleared."""
    if value is None:
        raise ValueError("不能设为空")
    return value


def _need(column: str) -> BeforeValidator:
    return ledger("needs", column)


class NeedCreate(_Body):
    """A resident need (需求清单的一行)."""

    id: Annotated[str | None, _need("id")] = Field(None, description="需求编码；不填自动生成 N-YYYYMMDD-xxxx")
    title: Annotated[str, _need("title")] = Field(max_length=200, description="需求标题")
    description: Annotated[str | None, _need("description")] = Field(None, max_length=5000)
    category: Annotated[str | None, _need("category")] = Field(None, description="不填则按标题和描述自动归类")
    area: Annotated[str, _need("area")] = Field(description="所在区划代码（社区、村、网格或单元）")
    raised: Annotated[str | None, _need("raised")] = Field(None, description="提出日期，默认今天")
    urgency: Annotated[str | None, _need("urgency")] = Field(None, description=URGENCY.words())
    beneficiaries: Annotated[int | None, _need("beneficiaries")] = Field(
        None, le=MAX_BENEFICIARIES, description="受益人数"
    )
    source: Annotated[str | None, _need("source")] = Field(None, max_length=100, description="来源")


class NeedPatch(_Body):
    """Fields to change; ``null`` clears description, source or beneficiaries, and re-infers the category."""

    title: Annotated[str | None, _need("title")] = Field(None, max_length=200)
    description: Annotated[str | None, _need("description")] = Field(None, max_length=5000)
    category: Annotated[str | None, _need("category")] = None
    area: Annotated[str | None, _need("area")] = None
    raised: Annotated[str | None, _need("raised")] = None
    urgency: Annotated[str | None, _need("urgency")] = None
    beneficiaries: Annotated[int | None, _need("beneficiaries")] = Field(None, le=MAX_BENEFICIARIES)
    source: Annotated[str | None, _need("source")] = Field(None, max_length=100)
    status: Annotated[str | None, _need("status")] = Field(None, description=NEED_STATUS.words())

    @field_validator("title", "area", "raised", "urgency", "status")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        return _required(value)

    @model_validator(mode="after")
    def _something(self) -> NeedPatch:
        if not self.model_fields_set:
            raise ValueError("没有要修改的字段")
        return self


class ClaimBody(_Body):
    resource: Id = Field(description="资源编码")
    note: Annotated[str | None, AfterValidator(_valid_unicode)] = Field(None, max_length=1000)


class ProjectPatch(_Body):
    status: Annotated[str | None, ledger("projects", "status")] = Field(
        None, description=PROJECT_STATUS.words()
    )
    name: Annotated[str | None, ledger("projects", "name")] = Field(None, max_length=200)

    @field_validator("status", "name")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        return _required(value)

    @model_validator(mode="after")
    def _something(self) -> ProjectPatch:
        if not self.model_fields_set:
            raise ValueError("没有要修改的字段")
        return self


class AllocationBody(_Body):
    area: Id = Field(description="区划代码：为其下所有待认领需求统筹分配")
    apply: bool = Field(False, description="true 则按方案派单；默认只试算")
