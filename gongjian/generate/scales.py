"""The scales and their figures (from the seed articles): how many of each thing a scale has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scale = Literal["tiny", "kunming", "province"]
SCALES: tuple[str, ...] = ("tiny", "kunming", "province")


@dataclass(frozen=True)
class Config:
    """A scale's figures; (a, b) is a count drawn from a to b, a rate a chance per thing."""

    s_city: int  # city units sitting on community big committees
    s_county: int  # district units sitting on big committees
    committee_total: int  # exact number of distinct units on big committees (0: free)
    quota: tuple[int, int]  # a community's own units on its big committee
    local_extra: tuple[int, int]  # a community's units besides its quota
    village_units: tuple[int, int]  # a village's units besides its quota
    street_units: tuple[int, int]  # units of a street (its police station first)
    county_units: int
    city_units: int
    province_units: int
    needs_comm: tuple[int, int]  # needs per community
    needs_village: tuple[int, int]  # needs per village
    res_per_unit: float  # chance a unit offers a resource
    project_rate: float  # chance a need becomes a project (×1.5 after 20 days, else ×0.5)
    pair_rate: float  # chance a community is paired with a city (or county) unit
    local_agreements: tuple[int, int]  # further agreements of a community
    workers_comm: tuple[int, int]  # community workers (社区工作者)
    grid_worker_rate: float  # chance a grid has a grid worker (网格员)
    in_service_comm: tuple[int, int]  # in-service members (在职党员) per community
    in_service_village: tuple[int, int]  # the same per village
    block_grid_rate: float  # chance a grid is divided into blocks (楼栋)
    grid_branch_rate: float  # chance a grid has a party branch
    village_committee_rate: float  # chance a village has a big committee
    comm_committee_rate: float  # chance a community has one
    joint_street_rate: float  # chance a street has a joint conference (联席会议)
    joint_comm_rate: float  # chance a community has one
    committee_staff: tuple[int, int] = (1, 3)  # community workers on the big committee as 委员
    res_more: float = 0.3  # chance a unit offers one more resource


# fmt: off
CONFIGS: dict[str, Config] = {
    "tiny": Config(
        s_city=4, s_county=1, committee_total=0, quota=(1, 2), local_extra=(1, 1), village_units=(0, 0),
        street_units=(1, 2), county_units=2, city_units=5, province_units=0, needs_comm=(6, 7),
        needs_village=(0, 0), res_per_unit=1.0, project_rate=0.45, pair_rate=1.0, local_agreements=(1, 2),
        workers_comm=(1, 1), grid_worker_rate=0.25, in_service_comm=(1, 1), in_service_village=(0, 0),
        block_grid_rate=0.2, grid_branch_rate=0.85, village_committee_rate=0.0, comm_committee_rate=1.0,
        joint_street_rate=0.5, joint_comm_rate=0.0, committee_staff=(0, 1), res_more=0.55,
    ),
    "kunming": Config(
        s_city=30, s_county=4, committee_total=1413, quota=(3, 7), local_extra=(2, 5), village_units=(1, 2),
        street_units=(4, 7), county_units=22, city_units=45, province_units=30, needs_comm=(11, 19),
        needs_village=(3, 6), res_per_unit=0.62, project_rate=0.3, pair_rate=0.92, local_agreements=(0, 2),
        workers_comm=(4, 8), grid_worker_rate=1.0, in_service_comm=(15, 30), in_service_village=(3, 8),
        block_grid_rate=0.25, grid_branch_rate=0.85, village_committee_rate=0.0, comm_committee_rate=1.0,
        joint_street_rate=0.4, joint_comm_rate=0.12,
    ),
    "province": Config(
        s_city=12, s_county=3, committee_total=0, quota=(3, 6), local_extra=(2, 4), village_units=(0, 2),
        street_units=(3, 6), county_units=20, city_units=32, province_units=30, needs_comm=(7, 14),
        needs_village=(2, 6), res_per_unit=0.6, project_rate=0.27, pair_rate=0.8, local_agreements=(0, 1),
        workers_comm=(1, 3), grid_worker_rate=0.12, in_service_comm=(14, 28), in_service_village=(3, 6),
        block_grid_rate=0.0, grid_branch_rate=0.72, village_committee_rate=0.06, comm_committee_rate=0.97,
        joint_street_rate=0.3, joint_comm_rate=0.03,
    ),
}
# fmt: on
